package io.ghostflink.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One run's course, second by second (timeline=FILE.csv): the controller's figures scraped from its
 * {@code --metrics-port} endpoint (phase, rows copied, ghost lag) beside the writers' p95 of the
 * same scheduled second. bench/plot-timeline.gp draws it.
 */
final class Timeline implements AutoCloseable {
  private record Sample(String phase, double rowsCopied, double lagSeconds) {}

  /**
   * What the server and the machine did in one second: CPU busy of the whole machine (in cores),
   * mysqld's CPU (cores), InnoDB's checkpoint age (MB) and dirty pages, the bytes of redo written,
   * and the share of the second the writers' sessions spent in statements as the server counts it
   * (performance_schema): the busiest session's and the mean over them. A session near 1 has no
   * time left between its transactions, and the application's queue grows. Last the CPU time the
   * hypervisor gave to others while this machine wanted it (steal, in cores; in the busy figure
   * too); the CPU of the bench's child processes but mysqld (the ghostflink command or another
   * tool) and of the bench's own JVM (the writers' client), in cores; and the mean time of one sync
   * (fsync and the like) of the redo log and of the binlog in that second, in ms (0 when none ran):
   * what a durable commit waits on the disk for. Last InnoDB's history list length: the
   * transactions whose old row versions wait for purge, which a long snapshot (the checksum's)
   * keeps from purging until it ends. Then what the server wrote to disk in that second: syncs of
   * the redo log and of the binlog, the KB written to each, and InnoDB's read-write transactions
   * committed (all sessions: the writers' and the tool's; the tool's share is this less the
   * writers' commits of the second).
   */
  private record Server(
      double machineCores,
      double mysqldCores,
      double checkpointAgeMb,
      long dirtyPages,
      double redoLogicalMb,
      double writersBusyMax,
      double writersBusyMean,
      double stealCores,
      double toolCores,
      double benchCores,
      double redoSyncMs,
      double binlogSyncMs,
      double redoSyncMaxMs,
      double binlogSyncMaxMs,
      long historyLength,
      long redoSyncs,
      long binlogSyncs,
      double redoWriteKb,
      double binlogWriteKb,
      long rwCommits) {}

  // a second without a probe of the server: every figure 0
  private static final Server NO_PROBE =
      new Server(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private final URI metrics;
  private final LongSupplier clock;
  private final Map<Long, Sample> samples = new TreeMap<>();
  private final Map<Long, Server> server = new TreeMap<>();
  private final io.ghostflink.mysql.Database db;
  private final long mysqldPid;
  private final java.util.function.Supplier<List<Long>> writerConnections;
  // per writer connection: its statements' time so far (picoseconds), and when it was read
  private final Map<Long, Long> lastPicos = new java.util.HashMap<>();
  private long lastPicosNanos;
  // InnoDB's read-write commits so far at the last probe; -1 before the first
  private long lastRwCommits = -1;
  // CPU ticks of the bench's child processes but mysqld, by pid, at the last probe
  private final Map<Long, Long> lastChildTicks = new java.util.HashMap<>();
  private long lastBenchTicks = ownTicks();
  private final Thread scraper;
  private volatile boolean stop;

  Timeline(
      int port,
      LongSupplier clock,
      io.ghostflink.mysql.Database db,
      long mysqldPid,
      java.util.function.Supplier<List<Long>> writerConnections) {
    this.writerConnections = writerConnections;
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    this.clock = clock;
    this.db = db;
    this.mysqldPid = mysqldPid;
    db.execute("SET GLOBAL innodb_monitor_enable = 'log_lsn_checkpoint_age'");
    db.execute("SET GLOBAL innodb_monitor_enable = 'trx_rw_commits'");
    this.scraper = new Thread(this::scrape, "timeline");
    scraper.setDaemon(true);
    scraper.start();
  }

  private void scrape() {
    long[] ticks = machineTicks();
    double[] lastCpu = {ticks[0], ticks[1], mysqldTicks(), ticks[2]};
    while (!stop) {
      long second = TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong());
      probeServer(second, lastCpu);
      try (InputStream in = metrics.toURL().openStream()) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String phase = "";
        double rows = 0;
        double lag = 0;
        for (String line : text.split("\n")) {
          if (line.startsWith("ghostflink_phase{") && line.endsWith(" 1.0")) {
            phase = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
          } else if (line.startsWith("ghostflink_rows_copied ")) {
            rows = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
          } else if (line.startsWith("ghostflink_ghost_lag_seconds ")) {
            lag = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
          }
        }
        synchronized (samples) {
          samples.put(second, new Sample(phase, rows, lag));
        }
      } catch (IOException notServingYet) {
        // before the controller serves, and after it exits
      }
      // to the next whole second of the clock: a fixed sleep after the probe's own time skipped a
      // second now and then (a second without figures, and twice the rows in the next)
      long next = (TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong()) + 1) * 1_000_000_000L;
      try {
        TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000L, next - clock.getAsLong()));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Writes the CSV: seconds since {@code from}, the writers' p95 ms and commits, the phase, rows
   * copied, the copy's rows/s over that second, and the ghost lag.
   */
  void write(Path csv, Map<Long, FixedRateWriters.Second> writers, long from, long to)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "second,p95_ms,commits,phase,rows_copied,copy_rows_per_s,lag_s,max_ms,machine_cores,"
            + "mysqld_cores,checkpoint_age_mb,dirty_pages,redo_logical_mb,writers_busy_max,"
            + "writers_busy_mean,steal_cores,tool_cores,bench_cores,redo_sync_ms,binlog_sync_ms,"
            + "redo_sync_max_ms,binlog_sync_max_ms,history_length,redo_syncs,binlog_syncs,"
            + "redo_write_kb,binlog_write_kb,rw_commits");
    double lastRows = 0;
    String lastPhase = "";
    synchronized (samples) {
      long last = samples.isEmpty() ? from : ((TreeMap<Long, Sample>) samples).lastKey();
      for (long s = from; s <= to; s++) {
        FixedRateWriters.Second w = writers.get(s);
        Sample m = samples.get(s);
        Server srv = server.getOrDefault(s, NO_PROBE);
        double rows = m == null ? lastRows : m.rowsCopied();
        // between two scrapes the phase holds; after the last one the controller has exited
        String phase = m != null ? m.phase() : s < last ? lastPhase : "";
        lines.add(
            String.format(
                java.util.Locale.ROOT,
                "%d,%.2f,%d,%s,%.0f,%.0f,%.3f,%.2f,%.2f,%.2f,%.1f,%d,%.1f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%d,%d,%.0f,%.0f,%d",
                s - from,
                w == null || w.latencies().getTotalCount() == 0
                    ? 0.0
                    : w.latencies().getValueAtPercentile(95) / 1e6,
                w == null ? 0 : w.committed(),
                phase,
                rows,
                Math.max(0, rows - lastRows),
                m == null ? 0 : m.lagSeconds(),
                w == null || w.latencies().getTotalCount() == 0
                    ? 0.0
                    : w.latencies().getMaxValue() / 1e6,
                srv.machineCores(),
                srv.mysqldCores(),
                srv.checkpointAgeMb(),
                srv.dirtyPages(),
                srv.redoLogicalMb(),
                srv.writersBusyMax(),
                srv.writersBusyMean(),
                srv.stealCores(),
                srv.toolCores(),
                srv.benchCores(),
                srv.redoSyncMs(),
                srv.binlogSyncMs(),
                srv.redoSyncMaxMs(),
                srv.binlogSyncMaxMs(),
                srv.historyLength(),
                srv.redoSyncs(),
                srv.binlogSyncs(),
                srv.redoWriteKb(),
                srv.binlogWriteKb(),
                srv.rwCommits()));
        lastRows = rows;
        lastPhase = phase;
      }
    }
    Files.createDirectories(csv.toAbsolutePath().getParent()); // timeline=DIR/x.csv: DIR may be new
    Files.write(csv, lines);
  }

  private void probeServer(long second, double[] last) {
    long[] machine = machineTicks();
    double mysqld = mysqldTicks();
    // USER_HZ ticks over about one second: ticks / 100 = cores busy
    double machineCores = (machine[0] - last[0]) / 100.0;
    double mysqldCores = (mysqld - last[2]) / 100.0;
    double stealCores = (machine[2] - last[3]) / 100.0;
    last[0] = machine[0];
    last[2] = mysqld;
    last[3] = machine[2];
    double age = 0;
    long dirty = 0;
    double logical = 0;
    long history = 0;
    long commits = 0;
    try {
      for (List<Object> row :
          db.query(
              "SELECT NAME, COUNT FROM information_schema.INNODB_METRICS WHERE NAME IN"
                  + " ('log_lsn_checkpoint_age', 'buffer_pool_pages_dirty',"
                  + " 'trx_rseg_history_len', 'trx_rw_commits')")) {
        long v = ((Number) row.get(1)).longValue();
        switch ((String) row.get(0)) {
          case "log_lsn_checkpoint_age" -> age = v / 1e6;
          case "buffer_pool_pages_dirty" -> dirty = v;
          case "trx_rw_commits" -> {
            commits = lastRwCommits < 0 ? 0 : v - lastRwCommits;
            lastRwCommits = v;
          }
          default -> history = v;
        }
      }
      Object size =
          db.scalar(
              "SELECT VARIABLE_VALUE FROM performance_schema.global_status"
                  + " WHERE VARIABLE_NAME = 'Innodb_redo_log_logical_size'");
      logical = size == null ? 0 : Long.parseLong(size.toString()) / 1e6;
    } catch (RuntimeException serverBusy) {
      // a probe that fails leaves the second blank
    }
    double[] busy = writersBusy();
    double toolCores = childTicksSinceLast() / 100.0;
    long bench = ownTicks();
    double benchCores = (bench - lastBenchTicks) / 100.0;
    lastBenchTicks = bench;
    double[] syncs = syncMillis();
    synchronized (samples) {
      server.put(
          second,
          new Server(
              machineCores,
              mysqldCores,
              age,
              dirty,
              logical,
              busy[0],
              busy[1],
              stealCores,
              toolCores,
              benchCores,
              syncs[0],
              syncs[1],
              syncs[2],
              syncs[3],
              history,
              (long) syncs[4],
              (long) syncs[5],
              syncs[6],
              syncs[7],
              commits));
    }
  }

  // the ticks the bench's child processes but mysqld used since the last probe (a process that
  // started since counts from its start)
  private long childTicksSinceLast() {
    Map<Long, Long> now = new java.util.HashMap<>();
    long sum = 0;
    for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
      long pid = child.pid();
      if (pid == mysqldPid) {
        continue;
      }
      long t = ticks(pid);
      if (t >= 0) {
        now.put(pid, t);
        sum += t - lastChildTicks.getOrDefault(pid, 0L);
      }
    }
    lastChildTicks.clear();
    lastChildTicks.putAll(now);
    return Math.max(0, sum);
  }

  // the mean time of one sync of the redo log (0) and of the binlog (1) since the last probe, the
  // longest (2, 3), in ms, the number of syncs (4, 5) and the KB written (6, 7); 0 where none ran
  // or the figures cannot be read. The server's file summary is emptied at each probe: its longest
  // is otherwise the longest since the server began
  private double[] syncMillis() {
    double[] ms = new double[8];
    String[] names = {"wait/io/file/innodb/innodb_log_file", "wait/io/file/sql/binlog"};
    try {
      for (List<Object> row :
          db.query(
              "SELECT EVENT_NAME, COUNT_MISC, SUM_TIMER_MISC, MAX_TIMER_MISC,"
                  + " SUM_NUMBER_OF_BYTES_WRITE FROM"
                  + " performance_schema.file_summary_by_event_name WHERE EVENT_NAME IN (?, ?)",
              names[0],
              names[1])) {
        int i = row.get(0).equals(names[0]) ? 0 : 1;
        long count = ((Number) row.get(1)).longValue();
        if (count > 0) {
          ms[i] = ((Number) row.get(2)).longValue() / 1e9 / count;
          ms[i + 2] = ((Number) row.get(3)).longValue() / 1e9;
        }
        ms[i + 4] = count;
        ms[i + 6] = ((Number) row.get(4)).longValue() / 1e3;
      }
      db.execute("TRUNCATE TABLE performance_schema.file_summary_by_event_name");
    } catch (RuntimeException serverBusy) {
      // a probe that fails leaves the figures at 0
    }
    return ms;
  }

  // the busiest writer session's share of the time since the last probe spent in statements, and
  // the mean over the sessions read both times
  private double[] writersBusy() {
    List<Long> ids = writerConnections.get();
    if (ids.isEmpty()) {
      return new double[] {0, 0};
    }
    Map<Long, Long> now = new java.util.HashMap<>();
    long nanos = System.nanoTime();
    try {
      for (List<Object> row :
          db.query(
              "SELECT t.PROCESSLIST_ID, SUM(e.SUM_TIMER_WAIT) FROM performance_schema.threads t"
                  + " JOIN performance_schema.events_statements_summary_by_thread_by_event_name e"
                  + " ON e.THREAD_ID = t.THREAD_ID WHERE t.PROCESSLIST_ID IN ("
                  + String.join(",", ids.stream().map(String::valueOf).toList())
                  + ") GROUP BY t.PROCESSLIST_ID")) {
        now.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
      }
    } catch (RuntimeException serverBusy) {
      return new double[] {0, 0};
    }
    double max = 0;
    double sum = 0;
    int n = 0;
    double seconds = (nanos - lastPicosNanos) / 1e9;
    for (Map.Entry<Long, Long> e : now.entrySet()) {
      Long was = lastPicos.get(e.getKey());
      if (was != null && seconds > 0) {
        double busy = (e.getValue() - was) / 1e12 / seconds;
        max = Math.max(max, busy);
        sum += busy;
        n++;
      }
    }
    lastPicos.clear();
    lastPicos.putAll(now);
    lastPicosNanos = nanos;
    return new double[] {max, n == 0 ? 0 : sum / n};
  }

  // busy, total and steal ticks of all CPUs from /proc/stat
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      // steal: time the hypervisor ran something else while this machine wanted its CPUs (counted
      // in the busy ticks too)
      return new long[] {total - idle, total, f.length > 8 ? Long.parseLong(f[8]) : 0};
    } catch (IOException e) {
      return new long[] {0, 0, 0};
    }
  }

  private long mysqldTicks() {
    return Math.max(0, ticks(mysqldPid));
  }

  private static long ownTicks() {
    return Math.max(0, ticks(ProcessHandle.current().pid()));
  }

  // user and system CPU ticks of a process so far; -1 when it is gone
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    scraper.interrupt();
    scraper.join();
  }
}
