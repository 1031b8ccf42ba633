package io.ghostflink.bench;

import io.ghostflink.mysql.Database;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.operators.copy.CopyMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a migration costs the application, measured as production runs: a durable server ({@code
 * sync_binlog=1}, {@code innodb_flush_log_at_trx_commit=1}, a 2 GB buffer pool), a sysbench-shaped
 * table, and writers at a fixed rate ({@link FixedRateWriters}) whose latency counts from each
 * transaction's scheduled start. For each case: the writers' throughput and per-second p95/p99
 * before and during, beside the copy rate, the cut-over lock, and the CPU the migration took in
 * this process (net of the writers) and in mysqld. MySQL's own ALTER runs under the same writers
 * for reference.
 *
 * <p>Usage: {@code WritersBench [rows=1000000] [rate=200] [threads=2] [before=15]
 * [cases=inplace,copy,loop1,idle60,add,modify,stream,move] [out=bench/results/writers-latest.md]
 * [java=<options for ghostflink's JVM>] [flags=<more ghostflink flags>] [cluster=N] [health=<ms>]};
 * rate=0 runs no writers; health=<ms> serves the writers' own health check to ghostflink's
 * --throttle-http; cluster=N runs every ghostflink case's job on a standalone Flink cluster of N
 * task managers; a case {@code pNcM} runs ghostflink's ADD COLUMN at parallelism N with chunks of M
 * rows ({@code pNcMtT}: a first chunk of M rows and a chunk time of T ms; a {@code modify} suffix:
 * the MODIFY; a {@code stream} suffix: with {@code --copy stream}); {@code move} runs {@code
 * ghostflink move} of the table to a second durable server started on the same machine; {@code
 * loopN}: the copy's statement alone in a loop on N sessions; {@code idleN}: no migration, the
 * writers alone for N seconds; {@code ghost}, {@code ghostcN} and {@code ptosc}: gh-ost (chunks of
 * 1,000 or N rows) and pt-online-schema-change at their defaults ({@code gh-ost=}, {@code pt-osc=}
 * name their binaries).
 */
public final class WritersBench {
  private static final String ADD = "ADD COLUMN x INT NOT NULL DEFAULT 0";
  private static final String MODIFY = "MODIFY c VARCHAR(200) NOT NULL DEFAULT ''";

  /**
   * The algorithm of a {@code loopN} case: the server-side copy's statement alone, in a loop over
   * the key range on N sessions, with no job and no binlog reader (what any copy that writes each
   * row to the binlog costs at the least).
   */
  private static final String LOOP = "LOOP";

  /**
   * A {@code loopNd} case: the same loop into a copy without the secondary index, which is built
   * after the loop (the build counts in the copy's time).
   */
  private static final String LOOP_DEFERRED = "LOOPD";

  private static final int LOOP_CHUNK = 10_000;

  /**
   * An {@code idleN} case: no migration at all, the writers alone for N seconds (the case's chunk
   * time), measured as a migration's seconds are: the machine's and the server's own slow seconds,
   * the baseline of the worst second of the cases run beside it.
   */
  private static final String IDLE = "IDLE";

  /**
   * A {@code ghost} case: gh-ost at its defaults (chunks of 1,000 rows; {@code ghostcN}: of N), and
   * a {@code ptosc} case: pt-online-schema-change at its defaults, on the same server, table and
   * load ({@link PeerMigration}; {@code gh-ost=} and {@code pt-osc=} name their binaries).
   */
  private static final String GHOST = "GHOST";

  private static final String PTOSC = "PTOSC";

  /** One case: a name, the ALTER, and how it runs (MySQL's own, or ghostflink's settings). */
  private record Case(
      String name,
      String alter,
      String algorithm,
      int parallelism,
      int chunk,
      Duration chunkTime,
      CopyMode copy,
      boolean move) {
    Case(
        String name,
        String alter,
        String algorithm,
        int parallelism,
        int chunk,
        Duration chunkTime,
        CopyMode copy) {
      this(name, alter, algorithm, parallelism, chunk, chunkTime, copy, false);
    }

    /** gh-ost's or pt-online-schema-change's case. */
    boolean peer() {
      return GHOST.equals(algorithm) || PTOSC.equals(algorithm);
    }

    String describe() {
      if (GHOST.equals(algorithm)) {
        return "gh-ost --chunk-size " + chunk + " (" + alter + ")";
      }
      if (PTOSC.equals(algorithm)) {
        return "pt-online-schema-change (" + alter + ")";
      }
      if (IDLE.equals(algorithm)) {
        return "no migration: the writers alone for " + chunkTime.toSeconds() + " s";
      }
      if (move) {
        return "ghostflink move p"
            + parallelism
            + " chunk-time "
            + chunkTime.toMillis()
            + "ms from "
            + chunk
            + " (to a second server on this machine)";
      }
      if (LOOP.equals(algorithm) || LOOP_DEFERRED.equals(algorithm)) {
        return "bare INSERT … SELECT loop, "
            + (LOOP_DEFERRED.equals(algorithm) ? "secondary index built after it, " : "")
            + parallelism
            + " session(s), one key range each, chunks of "
            + chunk
            + " (no job, no binlog reader)";
      }
      return algorithm != null
          ? "MySQL ALTER ALGORITHM=" + algorithm + " (" + alter + ")"
          : "ghostflink --copy "
              + copy.flag()
              + " p"
              + parallelism
              + (chunkTime.isZero()
                  ? " chunk " + chunk
                  : " chunk-time " + chunkTime.toMillis() + "ms from " + chunk)
              + " ("
              + alter
              + ")";
    }
  }

  private static final Map<String, Case> CASES =
      Map.of(
          "inplace",
          new Case("inplace", ADD, "INPLACE", 0, 0, Duration.ZERO, null),
          "copy",
          new Case("copy", ADD, "COPY", 0, 0, Duration.ZERO, null),
          // the peers at their defaults
          "ghost",
          new Case("ghost", ADD, GHOST, 1, 1_000, Duration.ZERO, null),
          "ptosc",
          new Case("ptosc", ADD, PTOSC, 1, 0, Duration.ZERO, null),
          // ghostflink's defaults: parallelism 1, chunks of about 100 ms from 1,000 rows
          "add",
          new Case("add", ADD, null, 1, 1_000, Duration.ofMillis(100), CopyMode.SERVER),
          "modify",
          new Case("modify", MODIFY, null, 1, 1_000, Duration.ofMillis(100), CopyMode.SERVER),
          "stream",
          new Case("stream", ADD, null, 1, 1_000, Duration.ofMillis(100), CopyMode.STREAM),
          // ghostflink move's defaults, to a second durable server on the same machine
          "move",
          new Case("move", "", null, 1, 1_000, Duration.ofMillis(100), CopyMode.STREAM, true));

  private final MysqlServer server;
  private final Database db;
  private final Path stateDir;
  private final Map<String, String> args;
  private final List<String> report = new ArrayList<>();

  /** timeline=: the CSV file of each case, listed under the table. */
  private final List<String> timelines = new ArrayList<>();

  // the timeline files written in this session
  private final java.util.Set<Path> written = new java.util.HashSet<>();

  /** Per ghostflink case, where its cut-over lock went: written under the table. */
  private final List<String> cutOverSteps = new ArrayList<>();

  // with burst=: each case's apply burst, a line of its own table
  private final List<String> bursts = new ArrayList<>();

  // per case: where the writers' transactions spent their time, before and during
  private final List<String> writerSteps = new ArrayList<>();

  private final List<String> lightWriter = new ArrayList<>();

  private int serverId = 9300;

  /** The second server of the move cases, started with the first of them. */
  private MysqlServer moveTarget;

  /** cluster=N: the Flink session cluster every ghostflink case runs its job on, or null. */
  private io.ghostflink.testkit.StandaloneFlink cluster;

  private WritersBench(MysqlServer server, Path stateDir, Map<String, String> args) {
    this.server = server;
    this.db = Database.create(server, "bench");
    this.stateDir = stateDir;
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("arguments are key=value: " + a);
      }
      args.put(kv[0], kv[1]);
    }
    Path out = Path.of(args.getOrDefault("out", "bench/results/writers-latest.md"));
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "ghostflink-bench");
    MysqlServerSpec spec =
        MysqlServerSpec.named("writers")
            .withBaseDir(work.resolve("mysql"))
            .withDurable(true)
            .withExtraArgs(serverArgs(args.getOrDefault("server", "")));
    MysqlServer server = MysqlServer.start(spec);
    try {
      WritersBench bench = new WritersBench(server, work.resolve("state"), args);
      try {
        int taskManagers = bench.arg("cluster", 0);
        if (taskManagers > 0) {
          // the standalone cluster of FlinkClusterIT: a JobManager and N task managers of 2 slots
          bench.cluster =
              io.ghostflink.testkit.StandaloneFlink.start(work.resolve("flink"), taskManagers, 2);
        }
        bench.run();
      } finally {
        if (bench.moveTarget != null) {
          bench.moveTarget.closeAndDelete();
        }
        if (bench.cluster != null) {
          bench.cluster.close();
        }
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, bench.report);
      System.out.println("written to " + out);
    } finally {
      server.closeAndDelete(); // nothing reads a run's tables and binlogs afterwards
    }
  }

  // the bench's server settings, and any mysqld options of server="…" after them (they win)
  private static List<String> serverArgs(String more) {
    List<String> all = new ArrayList<>(List.of("--innodb-buffer-pool-size=2G"));
    if (!more.isBlank()) {
      all.addAll(List.of(more.strip().split("\\s+")));
    }
    return all;
  }

  // logs=DIR: each ghostflink case's log as DIR/<case>-<n>.log, to read where its time went
  private void keepLog(Case c) throws IOException {
    String dir = args.get("logs");
    Path log = stateDir.resolve("ghostflink.log");
    if (dir == null || !Files.exists(log)) {
      return;
    }
    Files.createDirectories(Path.of(dir));
    for (int n = 1; ; n++) {
      Path kept = Path.of(dir, c.name() + "-" + n + ".log");
      if (!Files.exists(kept)) {
        Files.copy(log, kept);
        return;
      }
    }
  }

  private int arg(String key, int fallback) {
    return Integer.parseInt(args.getOrDefault(key, Integer.toString(fallback)));
  }

  private void run() throws Exception {
    int rows = arg("rows", 1_000_000);
    int rate = arg("rate", 200);
    int threads = arg("threads", 2);
    int before = arg("before", 15);
    line("# ghostflink writers benchmark, " + LocalDateTime.now().withNano(0));
    line("");
    line(
        String.format(
            "Machine: %d cores; MySQL 8.0.31 embedded, durable (sync_binlog=1,"
                + " innodb_flush_log_at_trx_commit=1, buffer pool 2 GB); sysbench-shaped table of"
                + " %d rows; writers: oltp_write_only at %d tx/s on %d sessions, latency from each"
                + " transaction's scheduled start; %d s measured before each case.",
            Runtime.getRuntime().availableProcessors(), rows, rate, threads, before));
    if (!args.getOrDefault("server", "").isBlank()) {
      line("");
      line("mysqld options added: `" + args.get("server").strip() + "`.");
    }
    line("");
    line(
        "| case | copy rows/s | writers tx/s before → during | p95 ms before → during (median"
            + " second) | worst second's p95 ms during, outside the cut-over | seconds over"
            + " 100 ms during, outside the cut-over | p99 ms during |"
            + " worst second's p95 ms during the checksum |"
            + " worst second's p95 ms from the cut-over to the tool's end |"
            + " cut-over lock ms | tool CPU s (per M rows) | tool peak RSS MB |"
            + " mysqld CPU s | table MB after (before) |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (String token : args.getOrDefault("cases", "inplace,copy,add,modify,stream").split(",")) {
      // name@launcher: the case run by another build's bin/ghostflink (an A/B in one session)
      String name = token.strip().split("@", 2)[0];
      Path launcher =
          token.contains("@")
              ? Path.of(token.strip().split("@", 2)[1])
              : Path.of("bin", "ghostflink").toAbsolutePath();
      Case c = CASES.get(name.strip());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("p(\\d+)c(\\d+)(?:t(\\d+))?(modify)?(stream)?")
              .matcher(name.strip());
      java.util.regex.Matcher loop =
          java.util.regex.Pattern.compile("loop(\\d)(d)?").matcher(name.strip());
      java.util.regex.Matcher idle =
          java.util.regex.Pattern.compile("idle(\\d+)").matcher(name.strip());
      java.util.regex.Matcher ghost =
          java.util.regex.Pattern.compile("ghostc(\\d+)").matcher(name.strip());
      if (c == null && ghost.matches()) {
        c = new Case(name, ADD, GHOST, 1, Integer.parseInt(ghost.group(1)), Duration.ZERO, null);
      }
      if (c == null && idle.matches()) {
        c = new Case(name, "", IDLE, 0, 0, Duration.ofSeconds(Long.parseLong(idle.group(1))), null);
      }
      if (c == null && loop.matches()) {
        c =
            new Case(
                name,
                ADD,
                loop.group(2) != null ? LOOP_DEFERRED : LOOP,
                Integer.parseInt(loop.group(1)),
                LOOP_CHUNK,
                Duration.ZERO,
                null);
      }
      if (c == null && m.matches()) {
        // pNcM[tT]: ghostflink at parallelism N with chunks of M rows (first chunk, with a chunk
        // time of T ms), ADD COLUMN or MODIFY, server-side or stream copy
        c =
            new Case(
                name,
                m.group(4) != null ? MODIFY : ADD,
                null,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                m.group(3) != null ? Duration.ofMillis(Long.parseLong(m.group(3))) : Duration.ZERO,
                m.group(5) != null ? CopyMode.STREAM : CopyMode.SERVER);
      }
      if (c == null) {
        throw new IllegalArgumentException("unknown case " + name + "; known: " + CASES.keySet());
      }
      measure(c, rows, rate, threads, before, launcher);
    }
    if (!timelines.isEmpty()) {
      line("");
      line("Timelines (second by second; bench/plot-timeline.gp draws them):");
      line("");
      timelines.forEach(this::line);
    }
    if (!lightWriter.isEmpty()) {
      line("");
      line(
          "A light writer (one autocommitted single-row INSERT every "
              + args.get("light")
              + " ms on a session of its own, from its scheduled start"
              + ("yes".equals(args.get("light-unseen"))
                  ? ", calling itself ghostflink so that the copy's planner does not see it"
                  : "")
              + "), from each case's start to its end:");
      line("");
      lightWriter.forEach(this::line);
    }
    if (!writerSteps.isEmpty()) {
      line("");
      line(
          "Where a writer's transaction spends its time: of each part, the median, p95, p99 and p99.9 over"
              + " all transactions of the seconds before → during (outside the cut-over), ms:");
      line("");
      line("| case | " + String.join(" | ", FixedRateWriters.STEPS) + " |");
      line("|---" + "|---".repeat(FixedRateWriters.STEPS.size()) + "|");
      writerSteps.forEach(this::line);
    }
    if (!bursts.isEmpty()) {
      line("");
      line(
          "The apply alone: once the copy was done and the cut-over postponed, a burst of row"
              + " changes to the original table (burst=), then one transaction to "
              + ApplyBurst.SENTINELS
              + " rows of the lowest keys; drained when the ghost table held that transaction in"
              + " all of them:");
      line("");
      line(
          "| case | burst | row changes | burst s | ghost behind after the burst's end s |"
              + " row changes applied /s (from the burst's start) | mysqld CPU s over the drain |");
      line("|---|---|---|---|---|---|---|");
      bursts.forEach(this::line);
    }
    if (!cutOverSteps.isEmpty()) {
      line("");
      line(
          "Cut-over steps (ms; the lock is held from step 1 to step 8), and the checksum before"
              + " the swap:");
      line("");
      cutOverSteps.forEach(this::line);
    }
  }

  private void measure(Case c, int rows, int rate, int threads, int before, Path launcher)
      throws Exception {
    table(rows);
    long t0;
    long t1;
    double mysqldDuring;
    double clusterDuring;
    Timeline timeline = null;
    CliMigration.Result run = null;
    double copyRate;
    Map<Long, FixedRateWriters.Second> seconds;
    FixedRateWriters.Target target =
        new FixedRateWriters.Target(db.jdbcUrl(), server.user(), server.password(), "sb", rows);
    double mbBefore = tableMb("sb");
    LightWriter light = null;
    ApplyBurst burst = null;
    try (FixedRateWriters writers = new FixedRateWriters(target, rate, threads)) {
      if (args.containsKey("light")) {
        light =
            new LightWriter(
                db.jdbcUrl(),
                server.user(),
                server.password(),
                Long.parseLong(args.get("light")),
                "yes".equals(args.get("light-unseen")),
                writers::now);
      }
      int metricsPort = 0;
      if ((c.algorithm() == null || IDLE.equals(c.algorithm()) || c.peer())
          && args.containsKey("timeline")) {
        // from the writers' start: the seconds before the migration are read the same way
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
          metricsPort = free.getLocalPort();
        }
        timeline =
            new Timeline(metricsPort, writers::now, db, server.pid(), writers::connectionIds);
      }
      TimeUnit.SECONDS.sleep(before);
      t0 = writers.now();
      double mysqld0 = mysqldCpuSeconds();
      double cluster0 = cluster == null ? 0 : cluster.cpuSeconds();
      if (IDLE.equals(c.algorithm())) {
        if (args.containsKey("burst")) {
          // the application's burst with no tool beside it: the peers' baseline
          burst = ApplyBurst.start(args.get("burst"), db, target, null, this::mysqldCpuSeconds);
          burst.copyDone();
        }
        TimeUnit.NANOSECONDS.sleep(c.chunkTime().toNanos());
        t1 = writers.now();
        copyRate = 0;
      } else if (LOOP.equals(c.algorithm()) || LOOP_DEFERRED.equals(c.algorithm())) {
        copyRate = rows / (loop(c.parallelism(), rows, LOOP_DEFERRED.equals(c.algorithm())) / 1e9);
        t1 = writers.now();
      } else if (c.peer()) {
        burst = burst(c, target);
        run =
            GHOST.equals(c.algorithm())
                ? PeerMigration.ghost(
                    peerBinary(c),
                    server,
                    "sb",
                    c.alter(),
                    c.chunk(),
                    ghostFlags(burst),
                    writers::now,
                    copyDoneOn(burst, "Row copy complete"))
                : PeerMigration.ptOsc(peerBinary(c), server, "sb", c.alter(), writers::now);
        t1 = writers.now();
        copyRate = run.copyRowsPerSecond();
      } else if (c.algorithm() != null) {
        db.execute("ALTER TABLE sb " + c.alter() + ", ALGORITHM=" + c.algorithm());
        t1 = writers.now();
        copyRate = rows / ((t1 - t0) / 1e9);
      } else {
        List<String> cli = new ArrayList<>(cliArgs(c));
        com.sun.net.httpserver.HttpServer health = health(writers);
        if (health != null) {
          cli.addAll(
              List.of(
                  "--throttle-http",
                  "http://127.0.0.1:" + health.getAddress().getPort() + "/health"));
        }
        if (timeline != null) {
          cli.addAll(List.of("--metrics-port", Integer.toString(metricsPort)));
        }
        burst = burst(c, target);
        if (burst != null) {
          cli.addAll(List.of("--postpone-cut-over-flag-file", postponeFlag().toString()));
        }
        run =
            CliMigration.run(
                launcher,
                cli,
                args.getOrDefault("java", ""),
                stateDir.resolve("ghostflink.log"),
                writers::now,
                copyDoneOn(burst, "cut-over postponed while"));
        keepLog(c);
        if (health != null) {
          health.stop(0);
        }
        t1 = writers.now();
        copyRate = run.copyRowsPerSecond();
      }
      if (timeline != null) { // only the ghostflink, peer and idle cases have one
        timeline.close();
      }
      mysqldDuring = mysqldCpuSeconds() - mysqld0;
      clusterDuring = cluster == null ? 0 : cluster.cpuSeconds() - cluster0;
      if (light != null) {
        light.close();
        lightWriter.add(
            "- " + describe(c, launcher) + ": " + LightWriter.describe(light.between(t0, t1), t0));
      }
      TimeUnit.SECONDS.sleep(3);
      seconds = writers.stop();
    }
    long beforeFrom = TimeUnit.NANOSECONDS.toSeconds(t0) - before + 1;
    long from = TimeUnit.NANOSECONDS.toSeconds(t0);
    long to = TimeUnit.NANOSECONDS.toSeconds(t1);
    long cutFrom =
        run == null || run.cutOverStart() == Long.MAX_VALUE
            ? Long.MAX_VALUE
            : TimeUnit.NANOSECONDS.toSeconds(run.cutOverStart());
    long checksumFrom =
        run == null || run.checksumStart() == Long.MAX_VALUE
            ? Long.MAX_VALUE
            : TimeUnit.NANOSECONDS.toSeconds(run.checksumStart());
    if (timeline != null) {
      // one case per file: timeline=FILE.csv becomes FILE-<case>.csv; a case run by another
      // build's launcher adds the launcher's path (what a file name cannot hold as '_'), and a case
      // run again in the same session -2, -3, … (before, repeated cases overwrote each other)
      String stem = args.get("timeline").replaceFirst("\\.csv$", "") + "-" + c.name();
      if (otherBuild(launcher)) {
        stem += "-" + launcher.toString().replaceAll("[^A-Za-z0-9._-]", "_");
      }
      Path csv = Path.of(stem + ".csv");
      for (int n = 2; written.contains(csv); n++) {
        csv = Path.of(stem + "-" + n + ".csv");
      }
      written.add(csv);
      timeline.write(csv, seconds, beforeFrom, to + 3);
      timelines.add("- " + describe(c, launcher) + ": " + csv);
    }
    String writersFigures = "no writers | — | — | — | —";
    String duringChecksum = "—";
    String afterCutOver = "—";
    if (rate > 0) {
      Window b = window(seconds, beforeFrom, from, Long.MAX_VALUE);
      Window d = window(seconds, from, to + 1, cutFrom);
      writersFigures =
          String.format(
              "%.0f → %.0f | %.1f → %.1f | %.1f | %d of %d | %.1f",
              b.tps(),
              d.tps(),
              b.medianP95(),
              d.medianP95(),
              d.worstP95OutsideCutover(),
              d.slowSeconds(),
              d.secondsOutsideCutover(),
              d.p99());
      Histogram[] stepsBefore = steps(seconds, beforeFrom, from, Long.MAX_VALUE);
      Histogram[] stepsDuring = steps(seconds, from, to + 1, cutFrom);
      StringBuilder parts = new StringBuilder("| " + describe(c, launcher) + " |");
      for (int i = 0; i < stepsBefore.length; i++) {
        parts.append(
            String.format(
                " %.2f / %.2f / %.1f / %.1f → %.2f / %.2f / %.1f / %.1f |",
                stepsBefore[i].getValueAtPercentile(50) / 1e6,
                stepsBefore[i].getValueAtPercentile(95) / 1e6,
                stepsBefore[i].getValueAtPercentile(99) / 1e6,
                stepsBefore[i].getValueAtPercentile(99.9) / 1e6,
                stepsDuring[i].getValueAtPercentile(50) / 1e6,
                stepsDuring[i].getValueAtPercentile(95) / 1e6,
                stepsDuring[i].getValueAtPercentile(99) / 1e6,
                stepsDuring[i].getValueAtPercentile(99.9) / 1e6));
      }
      writerSteps.add(parts.toString());
      if (checksumFrom < cutFrom) {
        // the seconds from the checksum's start to the cut-over's (the hold and both reads)
        duringChecksum =
            String.format(
                "%.1f",
                window(seconds, checksumFrom, cutFrom, Long.MAX_VALUE).worstP95OutsideCutover());
      }
      if (cutFrom <= to) {
        // the cut-over (its lock is the column after) and what the tool does after the swap:
        // the old table's drop with --ok-to-drop-table stalls others on a large table
        Window after = window(seconds, cutFrom, to + 1, Long.MAX_VALUE);
        afterCutOver =
            after.secondsWithoutCommit() > 0
                ? String.format(
                    "%.1f; no commit for %d s",
                    after.worstP95OutsideCutover(), after.secondsWithoutCommit())
                : String.format("%.1f", after.worstP95OutsideCutover());
      }
    }
    line(
        String.format(
            "| %s | %.0f | %s | %s | %s | %s | %s | %s | %.1f | %s |",
            describe(c, launcher),
            copyRate,
            writersFigures,
            duringChecksum,
            afterCutOver,
            run == null ? "—" : Long.toString(run.lockMillis()),
            run == null
                ? "—"
                : cluster == null
                    ? String.format(
                        "%.1f (%.1f)", run.cpuSeconds(), run.cpuSeconds() / (rows / 1e6))
                    // the job's CPU is the cluster's: controller + cluster, and the cluster's part
                    : String.format(
                        "%.1f (%.1f; cluster %.1f)",
                        run.cpuSeconds() + clusterDuring,
                        (run.cpuSeconds() + clusterDuring) / (rows / 1e6),
                        clusterDuring),
            run == null ? "—" : String.format("%.0f", run.peakRssMb()),
            mysqldDuring,
            String.format(
                "%.0f (%.0f)",
                LOOP.equals(c.algorithm()) || LOOP_DEFERRED.equals(c.algorithm())
                    ? loopMb
                    : tableMb("sb"),
                mbBefore)));
    if (burst != null) {
      bursts.add(ApplyBurst.describe(describe(c, launcher), args.get("burst"), burst.result()));
    }
    if (run != null) {
      cutOverSteps.add("- " + describe(c, launcher) + ": " + run.steps() + "; " + run.checksum());
    }
    // the tables a peer leaves when it fails (gh-ost's, pt-online-schema-change's)
    db.execute("DROP TABLE IF EXISTS sb, _sb_del, _sb_gho, _sb_ghc, _sb_new, _sb_old");
    if (c.move()) {
      new Database(moveTarget, "bench").execute("DROP TABLE IF EXISTS sb");
    }
  }

  /**
   * With {@code burst=<shape>}, for a ghostflink migration or a gh-ost case: the burst that
   * measures the tool's apply once its copy is done ({@link ApplyBurst}); else null (an {@code
   * idleN} case runs the burst without a tool: the application's own rate).
   */
  private ApplyBurst burst(Case c, FixedRateWriters.Target target) throws IOException {
    String shape = args.get("burst");
    if (shape == null || c.move() || (c.peer() && !GHOST.equals(c.algorithm()))) {
      return null;
    }
    Files.createDirectories(stateDir);
    return ApplyBurst.start(shape, db, target, postponeFlag(), this::mysqldCpuSeconds);
  }

  // the tool's line that says its copy is done (any line when there is no burst: none is awaited)
  private static java.util.function.Consumer<TimedProcess.Line> copyDoneOn(
      ApplyBurst burst, String marker) {
    return line -> {
      if (burst != null && line.text().contains(marker)) {
        burst.copyDone();
      }
    };
  }

  // gh-ost's flags beyond the case's: its postpone flag file for a burst, and ghost-flags="…"
  private List<String> ghostFlags(ApplyBurst burst) {
    List<String> flags = new ArrayList<>();
    if (burst != null) {
      flags.add("--postpone-cut-over-flag-file=" + postponeFlag());
    }
    String more = args.getOrDefault("ghost-flags", "");
    if (!more.isBlank()) {
      flags.addAll(List.of(more.strip().split("\\s+")));
    }
    return flags;
  }

  private Path postponeFlag() {
    return stateDir.resolve("postpone-cut-over");
  }

  /**
   * With {@code health=<ms>}: the writers' health check, as an application would serve it for
   * {@code --throttle-http}: 503 while a transaction has been in flight longer than the budget or
   * one of the last 200 ms took longer, else 200.
   */
  private com.sun.net.httpserver.HttpServer health(FixedRateWriters writers)
      throws java.io.IOException {
    if (!args.containsKey("health")) {
      return null;
    }
    long budget = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args.get("health").strip()));
    long recent = TimeUnit.MILLISECONDS.toNanos(200);
    com.sun.net.httpserver.HttpServer http =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(writers.overBudget(budget, recent) ? 503 : 200, -1);
          exchange.close();
        });
    http.start();
    return http;
  }

  private String describe(Case c, Path launcher) {
    if (c.peer()) {
      return c.describe() + " [" + peerVersions.get(c.algorithm()) + "]";
    }
    return otherBuild(launcher) ? c.describe() + " [" + launcher + "]" : c.describe();
  }

  // each peer's binary's release, read once: "gh-ost 1.1.6", "pt-online-schema-change 3.2.1"
  private final Map<String, String> peerVersions = new HashMap<>();

  /**
   * The binary of a peer's case: gh-ost= or pt-osc= (else its name on the PATH), checked before the
   * case starts, with where to get it when it is missing.
   */
  private String peerBinary(Case c) throws Exception {
    boolean ghost = GHOST.equals(c.algorithm());
    String binary =
        ghost
            ? args.getOrDefault("gh-ost", "gh-ost")
            : args.getOrDefault("pt-osc", "pt-online-schema-change");
    if (!peerVersions.containsKey(c.algorithm())) {
      try {
        String version = PeerMigration.version(binary);
        // gh-ost built without its release's linker flag says "unversioned"
        peerVersions.put(c.algorithm(), ghost ? "gh-ost " + version : version);
      } catch (java.io.IOException missing) {
        throw new IllegalArgumentException(
            "case "
                + c.name()
                + " needs "
                + binary
                + ", which cannot be run; get it as bench/README.md says and pass "
                + (ghost ? "gh-ost=" : "pt-osc=")
                + "/path/to/it");
      }
    }
    return binary;
  }

  // whether a case runs another build's launcher than this checkout's bin/ghostflink
  private static boolean otherBuild(Path launcher) {
    return !launcher.equals(Path.of("bin", "ghostflink").toAbsolutePath());
  }

  /** The command line of a ghostflink case: the CLI's defaults except what the case sets. */
  private List<String> cliArgs(Case c) throws java.io.IOException {
    Path password = stateDir.resolve("password");
    Files.createDirectories(stateDir);
    Files.writeString(password, server.password() + "\n");
    List<String> extra =
        new ArrayList<>(
            args.containsKey("flags")
                ? List.of(args.get("flags").strip().split("\\s+"))
                : List.of());
    if (cluster != null) {
      extra.addAll(
          List.of(
              "--flink-rest-url",
              cluster.restUrl().toString(),
              "--flink-password-from",
              "file:" + password));
    }
    return java.util.stream.Stream.concat(cliDefaults(c, password).stream(), extra.stream())
        .toList();
  }

  private List<String> cliDefaults(Case c, Path password) throws java.io.IOException {
    List<String> command = new ArrayList<>();
    if (c.move()) {
      if (moveTarget == null) {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "ghostflink-bench");
        moveTarget =
            MysqlServer.start(
                MysqlServerSpec.named("move-target")
                    .withBaseDir(work.resolve("mysql-target"))
                    .withDurable(true)
                    .withExtraArgs(List.of("--innodb-buffer-pool-size=1G")));
      }
      Path targetPassword =
          Files.writeString(stateDir.resolve("target-password"), moveTarget.password() + "\n");
      command.addAll(
          List.of(
              "move",
              "--target-host",
              moveTarget.host(),
              "--target-port",
              Integer.toString(moveTarget.port()),
              "--target-user",
              moveTarget.user(),
              "--target-password-file",
              targetPassword.toString()));
    } else {
      command.addAll(List.of("migrate", "--alter", c.alter(), "--copy", c.copy().flag()));
    }
    command.addAll(
        List.of(
            "--host",
            server.host(),
            "--port",
            Integer.toString(server.port()),
            "--user",
            server.user(),
            "--password-file",
            password.toString(),
            "--database",
            "bench",
            "--table",
            "sb",
            "--parallelism",
            Integer.toString(c.parallelism()),
            "--chunk-size",
            Integer.toString(c.chunk()),
            "--chunk-time",
            c.chunkTime().toMillis() + "ms",
            "--state-dir",
            stateDir.resolve("migrations").toString(),
            "--server-id",
            Integer.toString(serverId++),
            "--initially-drop-ghost-table",
            "--initially-drop-old-table",
            "--ok-to-drop-table"));
    return command;
  }

  /**
   * The writers' figures over scheduled seconds [from, to), the cut-over from {@code cut}: their
   * rate, the median and the worst (outside the cut-over) of the per-second p95s, the p99 of all
   * their transactions, how many of the seconds outside the cut-over had a p95 over 100 ms, of how
   * many, and how many seconds in all had no transaction that began in them commit.
   */
  private record Window(
      double tps,
      double medianP95,
      double worstP95OutsideCutover,
      double p99,
      int slowSeconds,
      int secondsOutsideCutover,
      int secondsWithoutCommit) {}

  private static final double SLOW_SECOND_MS = 100;

  private static Window window(
      Map<Long, FixedRateWriters.Second> seconds, long from, long to, long cut) {
    List<Double> p95s = new ArrayList<>();
    double worst = 0;
    int slow = 0;
    int empty = 0;
    long committed = 0;
    Histogram all = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    for (long s = from; s < to; s++) {
      FixedRateWriters.Second second = seconds.get(s);
      if (second == null || second.latencies().getTotalCount() == 0) {
        p95s.add(Double.POSITIVE_INFINITY); // nothing scheduled then committed
        empty++;
        if (s < cut) {
          slow++;
        }
        if (second != null) {
          committed += second.committed();
        }
        continue;
      }
      double p95 = second.latencies().getValueAtPercentile(95) / 1e6;
      p95s.add(p95);
      if (s < cut) {
        worst = Math.max(worst, p95);
        slow += p95 > SLOW_SECOND_MS ? 1 : 0;
      }
      committed += second.committed();
      all.add(second.latencies());
    }
    p95s.sort(null);
    double median = p95s.isEmpty() ? 0 : p95s.get(p95s.size() / 2);
    return new Window(
        committed / (double) Math.max(1, to - from),
        median,
        worst,
        all.getValueAtPercentile(99) / 1e6,
        slow,
        (int) Math.max(0, Math.min(to, cut) - from),
        empty);
  }

  /** Each part's times over the transactions of scheduled seconds [from, min(to, cut)). */
  private static Histogram[] steps(
      Map<Long, FixedRateWriters.Second> seconds, long from, long to, long cut) {
    Histogram[] all = FixedRateWriters.newSteps();
    for (long s = from; s < Math.min(to, cut); s++) {
      FixedRateWriters.Second second = seconds.get(s);
      if (second != null) {
        FixedRateWriters.addSteps(all, second.steps());
      }
    }
    return all;
  }

  // utime + stime of mysqld from /proc, in clock ticks of 1/100 s (Linux's USER_HZ)
  private double mysqldCpuSeconds() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(server.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  // the loop case's copy: each session takes every n-th range of LOOP_CHUNK keys (ids are
  // 1..rows); returns the nanoseconds the copy took, without creating and dropping its table
  // the table's pages (data and indexes) as InnoDB counts them after ANALYZE TABLE, in MB: a copy
  // whose readers interleave leaves pages half full
  private double tableMb(String table) {
    db.execute("ANALYZE TABLE " + table);
    return db
        .query(
            "SELECT data_length + index_length FROM information_schema.tables WHERE"
                + " table_schema = DATABASE() AND table_name = '"
                + table
                + "'")
        .stream()
        .mapToDouble(r -> Double.parseDouble(String.valueOf(r.get(0))) / 1048576.0)
        .findFirst()
        .orElse(0);
  }

  // the size of the last loop's table, measured before it is dropped
  private double loopMb;

  private long loop(int sessions, int rows, boolean deferIndex) throws Exception {
    db.execute(
        "DROP TABLE IF EXISTS _sb_loop",
        "CREATE TABLE _sb_loop LIKE sb",
        "ALTER TABLE _sb_loop " + ADD + (deferIndex ? ", DROP INDEX k_idx" : ""));
    long start = System.nanoTime();
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(sessions);
    try {
      for (int i = 0; i < sessions; i++) {
        int first = i;
        done.add(
            pool.submit(
                () -> {
                  try (java.sql.Connection c = db.connect();
                      java.sql.PreparedStatement ps =
                          c.prepareStatement(
                              "INSERT IGNORE INTO _sb_loop (id, k, c, pad) SELECT id, k, c, pad"
                                  + " FROM sb FORCE INDEX (PRIMARY) WHERE id BETWEEN ? AND ?"
                                  + " ORDER BY id")) {
                    // one contiguous range per session, as the copy's lanes: sessions that
                    // copy neighbouring chunks at once leave the pages half full
                    long end = (long) rows * (first + 1) / sessions;
                    for (long lo = 1 + (long) rows * first / sessions;
                        lo <= end;
                        lo += LOOP_CHUNK) {
                      ps.setLong(1, lo);
                      ps.setLong(2, Math.min(end, lo + LOOP_CHUNK - 1));
                      ps.executeUpdate();
                    }
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    if (deferIndex) {
      long built = System.nanoTime();
      db.execute("ALTER TABLE _sb_loop ADD INDEX k_idx (k), ALGORITHM=INPLACE, LOCK=NONE");
      System.out.printf(
          "secondary index built in %d ms%n", (System.nanoTime() - built) / 1_000_000);
    }
    long took = System.nanoTime() - start;
    loopMb = tableMb("_sb_loop");
    db.execute("DROP TABLE _sb_loop");
    return took;
  }

  private void table(int rows) {
    db.execute(
        "DROP TABLE IF EXISTS sb, _sb_del",
        "CREATE TABLE sb (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY k_idx (k))",
        "SET SESSION cte_max_recursion_depth = 100000000",
        "INSERT INTO sb WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + rows
            + ") SELECT n, n % 100000, REPEAT(MD5(n), 3), LEFT(REPEAT(SHA1(n), 2), 60) FROM seq");
  }

  private void line(String text) {
    report.add(text);
    System.out.println(text);
  }
}
