package io.ghostflink.bench;

import io.ghostflink.mysql.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How fast a tool's binlog apply drains a backlog (the writers bench's {@code burst=}): once the
 * tool's copy is done and its cut-over waits on its postpone flag file, a burst of row changes is
 * written to the original table, then one transaction that sets {@link #SENTINELS} rows to a new
 * value; the backlog is drained when the ghost table holds that value in all of them. The rows are
 * the lowest keys, so they fall to every subtask of ghostflink's parallel apply (each applies its
 * keys in binlog order) and gh-ost's single applier alike; then the flag file is deleted and the
 * tool goes on to its cut-over (ghostflink's checksum then compares the tables after the burst).
 *
 * <p>Shapes: {@code bulk} (200,000 rows changed by 20 autocommitted {@code UPDATE}s of 10,000 keys
 * each, on one session: a backfill or a batch job) and {@code oltpN} (the writers' {@code
 * oltp_write_only} transaction, four row changes each, on 8 sessions as fast as they go for N
 * seconds: an application at its peak).
 */
final class ApplyBurst {
  static final int SENTINELS = 16;
  private static final int BULK_STATEMENTS = 20;
  private static final int BULK_ROWS = 10_000;
  private static final int OLTP_SESSIONS = 8;
  // the tool has caught up with the copy's own end before the burst begins
  private static final long SETTLE_SECONDS = 5;
  private static final long DRAIN_TIMEOUT_MINUTES = 20;

  /**
   * What one burst measured.
   *
   * @param changes the row changes written (each UPDATE'd, DELETE'd or INSERT'ed row once)
   * @param transactions the transactions they were written in
   * @param burstNanos from the burst's first statement to its last commit
   * @param drainNanos from the burst's first statement until the ghost table held every sentinel
   * @param mysqldCpuSeconds mysqld's CPU over that drain
   */
  record Result(
      long changes, long transactions, long burstNanos, long drainNanos, double mysqldCpuSeconds) {

    /** The row changes applied per second, over the whole drain. */
    double changesPerSecond() {
      return changes / (drainNanos / 1e9);
    }

    /** How long the ghost table was still behind after the burst's last commit. */
    long behindAfterNanos() {
      return drainNanos - burstNanos;
    }
  }

  /** The server's clock of mysqld's CPU seconds, read by the bench. */
  interface CpuClock {
    double seconds() throws Exception;
  }

  private final String shape;
  private final Database db;
  private final FixedRateWriters.Target target;
  private final Path flag;
  private final CpuClock mysqldCpu;
  private final CountDownLatch copied = new CountDownLatch(1);
  private final Thread thread;
  private volatile Result result;
  private volatile Throwable failure;

  private ApplyBurst(
      String shape, Database db, FixedRateWriters.Target target, Path flag, CpuClock mysqldCpu) {
    this.shape = shape;
    this.db = db;
    this.target = target;
    this.flag = flag;
    this.mysqldCpu = mysqldCpu;
    this.thread = new Thread(this::run, "apply-burst");
    thread.setDaemon(true);
  }

  /**
   * A burst of {@code shape} into {@code target}'s table, begun once {@link #copyDone} is called
   * and the cut-over then waits on {@code flag} (created here; deleted when the burst is drained).
   * A null {@code flag}: no tool runs (an {@code idleN} case), the burst begins on {@link
   * #copyDone} and nothing waits for a ghost table, so the burst's own figures are the
   * application's rate with nothing beside it. Fails with what the shapes are when {@code shape} is
   * none of them.
   */
  static ApplyBurst start(
      String shape, Database db, FixedRateWriters.Target target, Path flag, CpuClock mysqldCpu)
      throws java.io.IOException {
    if (!shape.equals("bulk") && !shape.matches("oltp\\d+")) {
      throw new IllegalArgumentException(
          "burst=" + shape + " is not a shape; use burst=bulk or burst=oltpN (N seconds)");
    }
    if (flag != null) {
      Files.deleteIfExists(flag);
      Files.createFile(flag);
    }
    ApplyBurst burst = new ApplyBurst(shape, db, target, flag, mysqldCpu);
    burst.thread.start();
    return burst;
  }

  /** Called on the tool's line that says its copy is done: the burst begins after a settle. */
  void copyDone() {
    copied.countDown();
  }

  /** The burst's figures, once the tool has ended; fails if the burst did. */
  Result result() throws InterruptedException {
    thread.join(TimeUnit.MINUTES.toMillis(1));
    if (failure != null) {
      throw new IllegalStateException("the apply burst failed: " + failure.getMessage(), failure);
    }
    if (result == null) {
      throw new IllegalStateException(
          "the apply burst never began: the tool did not say its copy was done");
    }
    return result;
  }

  private void run() {
    try {
      copied.await();
      TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
      double cpu0 = mysqldCpu.seconds();
      long t0 = System.nanoTime();
      long[] written = shape.equals("bulk") ? bulk() : oltp(Long.parseLong(shape.substring(4)));
      String mark = "burst-" + System.nanoTime();
      try (Connection c = db.connect();
          PreparedStatement s = c.prepareStatement("UPDATE sb SET c = ? WHERE id <= ?")) {
        s.setString(1, mark);
        s.setInt(2, SENTINELS);
        s.executeUpdate();
      }
      long t1 = System.nanoTime();
      long t2 = t1; // no ghost table: drained as it was written
      if (flag != null) {
        waitForSentinels(mark);
        t2 = System.nanoTime();
      }
      result = new Result(written[0], written[1], t1 - t0, t2 - t0, mysqldCpu.seconds() - cpu0);
    } catch (Throwable e) {
      failure = e;
    } finally {
      try {
        if (flag != null) {
          Files.deleteIfExists(flag); // the tool goes on to its cut-over, or fails as it would
        }
      } catch (java.io.IOException ignored) {
        // the tool then waits; the bench's own end stops it
      }
    }
  }

  private long[] bulk() throws Exception {
    long changed = 0;
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement("UPDATE sb SET k = k + 1 WHERE id BETWEEN ? AND ?")) {
      for (int i = 0; i < BULK_STATEMENTS; i++) {
        // above the sentinels, so that the sentinels' own change is the last one to each of them
        long from = SENTINELS + 1L + (long) i * BULK_ROWS;
        s.setLong(1, from);
        s.setLong(2, from + BULK_ROWS - 1);
        changed += s.executeUpdate();
      }
    }
    return new long[] {changed, BULK_STATEMENTS};
  }

  private long[] oltp(long seconds) throws Exception {
    Map<Long, FixedRateWriters.Second> done;
    // a rate no session can keep: each starts its next transaction as soon as the last commits
    try (FixedRateWriters writers =
        new FixedRateWriters(target, 1_000_000 * OLTP_SESSIONS, OLTP_SESSIONS)) {
      TimeUnit.SECONDS.sleep(seconds);
      done = writers.stop();
    }
    long transactions = done.values().stream().mapToLong(FixedRateWriters.Second::committed).sum();
    // UPDATE k, UPDATE c, DELETE and INSERT: one row each
    return new long[] {4 * transactions, transactions};
  }

  private void waitForSentinels(String mark) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(DRAIN_TIMEOUT_MINUTES);
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM _sb_gho WHERE id <= ? AND c = ?")) {
      s.setInt(1, SENTINELS);
      s.setString(2, mark);
      while (true) {
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == SENTINELS) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the ghost table did not catch up within " + DRAIN_TIMEOUT_MINUTES + " minutes");
        }
        TimeUnit.MILLISECONDS.sleep(5);
      }
    }
  }

  /** The line of the bench's report for one case's burst. */
  static String describe(String what, String shape, Result r) {
    if (r.drainNanos() == r.burstNanos()) { // no ghost table waited for: the application alone
      return String.format(
          "| %s | %s | %,d in %,d tx | %.1f | — | — (%,.0f written /s) | %.1f |",
          what,
          shape,
          r.changes(),
          r.transactions(),
          r.burstNanos() / 1e9,
          r.changes() / (r.burstNanos() / 1e9),
          r.mysqldCpuSeconds());
    }
    return String.format(
        "| %s | %s | %,d in %,d tx | %.1f | %.1f | %,.0f | %.1f |",
        what,
        shape,
        r.changes(),
        r.transactions(),
        r.burstNanos() / 1e9,
        r.behindAfterNanos() / 1e9,
        r.changesPerSecond(),
        r.mysqldCpuSeconds());
  }
}
