package io.ghostflink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An application at a fixed rate: sysbench's {@code oltp_write_only} transaction (an index update,
 * a non-index update, a delete and an insert of one random row) scheduled at {@code rate} per
 * second over several sessions, each transaction's latency counted from its scheduled start, so a
 * writer that falls behind shows its queue as an application would feel it. Latencies are kept per
 * second of scheduled time, commits per second of completion.
 */
final class FixedRateWriters implements AutoCloseable {
  private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

  /**
   * The parts of one transaction, in order: its queue (the session still busy with the last one at
   * the scheduled start), its late start (from the scheduled start, or the last one's end, to the
   * first statement: the thread woken late, by the machine's scheduler or a pause of this process),
   * the four statements, and the commit (the redo log's and the binlog's syncs). A transaction's
   * latency is their sum.
   */
  static final List<String> STEPS =
      List.of("queue", "late start", "UPDATE k", "UPDATE c", "DELETE", "INSERT", "COMMIT");

  /**
   * One second: the latencies of the transactions scheduled in it that committed, how many
   * transactions committed in it (the application's achieved rate), and the time of each of {@link
   * #STEPS} in those transactions.
   */
  record Second(Histogram latencies, long committed, Histogram[] steps) {}

  /** An empty histogram for each of {@link #STEPS}. */
  static Histogram[] newSteps() {
    Histogram[] steps = new Histogram[STEPS.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = new Histogram(MAX_LATENCY_NANOS, 3);
    }
    return steps;
  }

  /** Adds each of {@code parts} to the histogram of the same step in {@code into}. */
  static void addSteps(Histogram[] into, Histogram[] parts) {
    for (int i = 0; i < into.length; i++) {
      into[i].add(parts[i]);
    }
  }

  /** Where the writers write and how. */
  record Target(String jdbcUrl, String user, String password, String table, long rows) {}

  private final Target target;
  private final long intervalNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Session> sessions = new ArrayList<>();
  // each session's MySQL connection id, once connected (the timeline reads their statement time)
  private final List<Long> connectionIds = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final long startNanos = System.nanoTime();
  private volatile Throwable failure;

  FixedRateWriters(Target target, int rate, int threadCount) {
    this.target = target;
    this.intervalNanos = rate == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(threadCount) / rate;
    for (int t = 0; rate > 0 && t < threadCount; t++) {
      Session s =
          new Session(new SplittableRandom(7919L * (t + 1)), intervalNanos * t / threadCount);
      sessions.add(s);
      s.thread.start();
    }
  }

  /** Nanoseconds since the writers started, on the clock their seconds are counted by. */
  long now() {
    return System.nanoTime() - startNanos;
  }

  /**
   * The committed transactions of one session: of each, its scheduled start and the end of each of
   * {@link #STEPS}, in blocks of primitive longs. Histograms are made of them only once the writers
   * stop: a histogram per second and step kept while they ran grew this process's heap by 3.4 MB a
   * second, and its collector then stopped the writers for 30 to 130 ms at a time, a stall the
   * writers counted as their own latency, longer the later in a run.
   */
  private static final class Transactions {
    static final int FIELDS = STEPS.size() + 1;
    static final int BLOCK = FIELDS * 4096;
    final List<long[]> blocks = new ArrayList<>();
    int used = BLOCK;

    void add(long[] at) {
      if (used == BLOCK) {
        blocks.add(new long[BLOCK]);
        used = 0;
      }
      System.arraycopy(at, 0, blocks.get(blocks.size() - 1), used, FIELDS);
      used += FIELDS;
    }

    /** Hands each transaction's times, in the order {@link #add} took them, to {@code to}. */
    void forEach(java.util.function.Consumer<long[]> to) {
      long[] at = new long[FIELDS];
      for (int b = 0; b < blocks.size(); b++) {
        int end = b == blocks.size() - 1 ? used : BLOCK;
        for (int i = 0; i < end; i += FIELDS) {
          System.arraycopy(blocks.get(b), i, at, 0, FIELDS);
          to.accept(at);
        }
      }
    }
  }

  /** One writer session on its own thread. */
  private final class Session implements Runnable {
    final Transactions transactions = new Transactions();
    final SplittableRandom random;
    final long offset;
    final Thread thread;
    // what the application knows of itself: the scheduled start of the transaction in flight
    // (Long.MAX_VALUE: none), and the end and latency of the last one committed
    volatile long inFlightSince = Long.MAX_VALUE;
    volatile long lastEnd;
    volatile long lastLatency;

    Session(SplittableRandom random, long offset) {
      this.random = random;
      this.offset = offset;
      this.thread = new Thread(this, "writer-" + offset);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      String t = target.table();
      try (Connection c =
              DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
          PreparedStatement index =
              c.prepareStatement("UPDATE " + t + " SET k = k + 1 WHERE id = ?");
          PreparedStatement nonIndex =
              c.prepareStatement("UPDATE " + t + " SET c = ? WHERE id = ?");
          PreparedStatement delete = c.prepareStatement("DELETE FROM " + t + " WHERE id = ?");
          PreparedStatement insert =
              c.prepareStatement("INSERT INTO " + t + " (id, k, c, pad) VALUES (?, ?, ?, ?)")) {
        try (java.sql.Statement s = c.createStatement();
            java.sql.ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
          rs.next();
          connectionIds.add(rs.getLong(1));
        }
        c.setAutoCommit(false);
        long[] at = new long[Transactions.FIELDS];
        long free = 0; // when the session ended its last transaction
        for (long scheduled = offset; running.get(); scheduled += intervalNanos) {
          long wait = scheduled - now();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          long id = 1 + random.nextLong(target.rows());
          String text = Long.toHexString(random.nextLong()).repeat(7);
          inFlightSince = scheduled;
          at[0] = scheduled;
          at[1] = Math.max(scheduled, free);
          try {
            at[2] = now();
            index.setLong(1, id);
            index.executeUpdate();
            at[3] = now();
            nonIndex.setString(1, text);
            nonIndex.setLong(2, id);
            nonIndex.executeUpdate();
            at[4] = now();
            delete.setLong(1, id);
            delete.executeUpdate();
            at[5] = now();
            insert.setLong(1, id);
            insert.setLong(2, random.nextLong(100_000));
            insert.setString(3, text);
            insert.setString(4, text.substring(0, 60));
            insert.executeUpdate();
            at[6] = now();
            c.commit();
            long end = now();
            at[7] = end;
            free = end;
            inFlightSince = Long.MAX_VALUE;
            lastLatency = end - scheduled;
            lastEnd = end;
            transactions.add(at);
          } catch (SQLException e) {
            // a deadlock or lock wait timeout, or the table a move renamed away (1146): not a
            // commit, so not counted
            inFlightSince = Long.MAX_VALUE;
            c.rollback();
            free = now();
            if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205 && e.getErrorCode() != 1146) {
              throw e;
            }
          }
        }
      } catch (Throwable e) {
        failure = e;
      }
    }
  }

  /**
   * Whether the application's own latency is over {@code budgetNanos}, as an application's health
   * check would see it: a transaction in flight for longer (a queue forming), or one committed in
   * the last {@code recentNanos} that took longer.
   */
  boolean overBudget(long budgetNanos, long recentNanos) {
    long now = now();
    for (Session s : sessions) {
      long since = s.inFlightSince;
      if (since != Long.MAX_VALUE && now - since > budgetNanos) {
        return true;
      }
      if (now - s.lastEnd <= recentNanos && s.lastLatency > budgetNanos) {
        return true;
      }
    }
    return false;
  }

  /** The writers' MySQL connection ids (those connected so far). */
  List<Long> connectionIds() {
    return List.copyOf(connectionIds);
  }

  /** Stops the writers; the seconds they saw, by second since they started. */
  Map<Long, Second> stop() throws InterruptedException {
    close();
    if (failure != null) {
      throw new IllegalStateException("writers failed: " + failure.getMessage(), failure);
    }
    Map<Long, Histogram> latencies = new TreeMap<>();
    Map<Long, Long> committed = new TreeMap<>();
    Map<Long, Histogram[]> steps = new TreeMap<>();
    for (Session s : sessions) {
      s.transactions.forEach(
          at -> {
            long scheduled = TimeUnit.NANOSECONDS.toSeconds(at[0]);
            latencies
                .computeIfAbsent(scheduled, x -> new Histogram(MAX_LATENCY_NANOS, 3))
                .recordValue(nanos(at[Transactions.FIELDS - 1] - at[0]));
            committed.merge(
                TimeUnit.NANOSECONDS.toSeconds(at[Transactions.FIELDS - 1]), 1L, Long::sum);
            Histogram[] parts = steps.computeIfAbsent(scheduled, x -> newSteps());
            for (int i = 0; i < parts.length; i++) {
              parts[i].recordValue(nanos(at[i + 1] - at[i]));
            }
          });
    }
    Map<Long, Second> merged = new TreeMap<>();
    latencies.forEach(
        (sec, h) ->
            merged.put(
                sec,
                new Second(
                    h, committed.getOrDefault(sec, 0L), steps.getOrDefault(sec, newSteps()))));
    committed.forEach(
        (sec, n) ->
            merged.computeIfAbsent(
                sec, x -> new Second(new Histogram(MAX_LATENCY_NANOS, 3), n, newSteps())));
    return merged;
  }

  private static long nanos(long value) {
    return Math.min(MAX_LATENCY_NANOS, Math.max(0, value));
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Session s : sessions) {
      s.thread.join(TimeUnit.MINUTES.toMillis(2));
    }
  }
}
