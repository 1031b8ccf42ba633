package io.ghostflink.controller.verify;

import io.ghostflink.controller.cutover.Drain;
import io.ghostflink.controller.cutover.LongLockHolders;
import io.ghostflink.controller.cutover.SameServerCutover;
import io.ghostflink.controller.verify.TableSide.Range;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.MigrationDdl;
import io.ghostflink.operators.sql.VerifySql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checksum before a swap: the ghost table against the original, every row, at one point of the
 * binlog; for a move, the table on the target server against the original on the source.
 *
 * <p>The point: the original is locked for reads only ({@code LOCK TABLES t READ}, so writers wait,
 * as in a cut-over), the job drains up to the binlog's position, and each comparing session opens a
 * consistent snapshot; then the lock is released. The snapshots see both tables as of that point
 * while writers and the job go on. The sessions compare the tables range by range along the key, a
 * digest per range ({@link VerifySql#chunkDigest}), in parallel.
 *
 * <p>Before each range the comparison looks at the migration's throttle (as the copy does) and
 * waits while it holds; a pause, a panic or a lost migration lock stop it. Every second it waits
 * keeps its snapshots open longer, and InnoDB cannot purge the writers' old row versions behind
 * them meanwhile: the history it purges after the checksum grows with it (docs/benchmarks.md,
 * session 30).
 *
 * <p>For a move each comparing session is a pair, one session on each server; both snapshots are
 * opened while the source table is locked and the job drained, so the target's table is at the same
 * point (nothing else writes it).
 *
 * <p>A range that differs is copied again under the same kind of lock (its ghost rows deleted and
 * copied from the original, with the job drained first; across servers by {@link RowTransfer}) and
 * compared again before the lock is released. A range that still differs fails the check: nothing
 * has been swapped, and the original is intact.
 */
public final class Checksum {
  private static final Logger LOG = LoggerFactory.getLogger(Checksum.class);
  private static final int SAMPLES = 5;
  // how often a held comparison looks again: each moment held keeps the snapshots open
  private static final Duration HOLD = Duration.ofMillis(100);

  /** Why the comparison should hold back now (the migration's throttle), or null. */
  @FunctionalInterface
  public interface Throttle {
    String reason() throws SQLException;
  }

  /**
   * What the check found.
   *
   * @param rows rows compared
   * @param ranges ranges compared
   * @param recopiedRanges ranges that differed and were copied again
   * @param samples keys of some rows that differed in the first comparison
   * @param held how long writers were held for the consistent point (and for any re-copy)
   * @param heldBack how long the comparison held back for the throttle (any session of it)
   */
  public record Report(
      long rows,
      int ranges,
      int recopiedRanges,
      List<String> samples,
      Duration held,
      Duration heldBack) {}

  /** Thrown when ranges still differ after being copied again: the swap must not happen. */
  public static final class MismatchException extends Exception {
    public MismatchException(String message) {
      super(message);
    }
  }

  private final ServerAddress server;
  private final TableRef table;
  private final ServerAddress ghostServer;
  private final TableRef ghostTable;
  private final RowTransfer transfer;
  private final io.ghostflink.controller.cutover.BinlogReadPoint readPoint;
  private final ChecksumPlan plan;
  private final CopyRange copy;
  private final int threads;
  private final int rangeRows;
  private final Duration lockTimeout;
  private final SameServerCutover.AppliedPoint appliedPoint;
  private final SameServerCutover.Sentinel sentinel;
  private final Supplier<String> stop;
  private final Throttle throttle;
  private final java.util.function.Consumer<String> heldBack;
  // the kinds of reason told (Throttler.shape): each is told once, not at every hold
  // (the commit-latency guard's reason names its figures, and it holds a second at a time)
  private final java.util.Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
  // sessions holding back now, since when one did, and for how long any did in all
  private int holding;
  private long holdingSince;
  private long heldBackNanos;
  private final TableSide original;
  private final TableSide ghost;
  private long heldNanos;

  /**
   * @param server the original's server, with the sql_mode the copy writes in
   * @param ghostServer the ghost table's server (a move's target, else {@code server})
   * @param transfer how a range is copied to another server (null: on one server, by MySQL)
   * @param readPoint where the binlog the job reads stands (the drain point is read there)
   * @param copy the copy's statement for a range (its bounds are ignored)
   * @param stop why to stop now, or null; looked at before every range
   * @param throttle why to hold back before the next range, or null (gh-ost's throttle: the
   *     comparison reads both tables at full speed otherwise)
   * @param heldBack told each new reason the comparison holds back for
   */
  public Checksum(
      ServerAddress server,
      TableRef table,
      ServerAddress ghostServer,
      TableRef ghostTable,
      RowTransfer transfer,
      io.ghostflink.controller.cutover.BinlogReadPoint readPoint,
      ChecksumPlan plan,
      CopyRange copy,
      int threads,
      int rangeRows,
      Duration lockTimeout,
      SameServerCutover.AppliedPoint appliedPoint,
      SameServerCutover.Sentinel sentinel,
      Supplier<String> stop,
      Throttle throttle,
      java.util.function.Consumer<String> heldBack) {
    if (plan.unusable() != null) {
      throw new IllegalArgumentException(plan.unusable());
    }
    this.server = server;
    this.table = table;
    this.ghostServer = ghostServer;
    this.ghostTable = ghostTable;
    this.transfer = transfer;
    this.readPoint = readPoint;
    if (transfer == null && !ghostServer.sameServer(server)) {
      throw new IllegalArgumentException("a checksum across servers needs a row transfer");
    }
    this.plan = plan;
    this.copy = copy;
    this.threads = Math.max(1, threads);
    this.rangeRows = rangeRows;
    this.lockTimeout = lockTimeout;
    this.appliedPoint = appliedPoint;
    this.sentinel = sentinel;
    this.stop = stop;
    this.throttle = throttle;
    this.heldBack = heldBack;
    this.original =
        new TableSide(
            table, plan.keyName(), plan.keyColumns(), plan.originalValues(), server.zoneHint());
    this.ghost =
        new TableSide(
            ghostTable,
            plan.keyName(),
            plan.keyColumns(),
            plan.ghostKeyColumns(),
            plan.ghostValues(),
            ghostServer.zoneHint());
  }

  /** A range's comparison: its rows, and its differing rows' descriptions (none: equal). */
  private record Outcome(Range range, long rows, List<String> differences) {}

  /**
   * Runs the check.
   *
   * @throws MismatchException ranges still differ after a re-copy; nothing was changed but the
   *     ghost table
   * @throws TimeoutException the lock or the drain took longer than the lock timeout (retry later)
   */
  public Report run()
      throws SQLException, InterruptedException, TimeoutException, MismatchException {
    List<Connection> sessions = new ArrayList<>();
    List<Connection> ghostSessions = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads, Checksum::thread);
    try {
      for (int i = 0; i < threads; i++) {
        sessions.add(Connections.open(server, table.database()));
        ghostSessions.add(
            transfer == null
                ? sessions.get(i)
                : Connections.open(ghostServer, ghostTable.database()));
      }
      atConsistentPoint(sessions, ghostSessions);
      List<Range> ranges = original.ranges(sessions.get(0), rangeRows);
      List<Outcome> outcomes = compare(pool, sessions, ghostSessions, ranges);
      long rows = outcomes.stream().mapToLong(Outcome::rows).sum();
      List<Outcome> differing = outcomes.stream().filter(o -> !o.differences().isEmpty()).toList();
      List<String> samples = new ArrayList<>();
      differing.forEach(o -> o.differences().stream().limit(SAMPLES).forEach(samples::add));
      for (Connection s : sessions) {
        s.rollback(); // the snapshots end
      }
      for (Connection s : ghostSessions) {
        s.rollback();
      }
      if (!differing.isEmpty()) {
        LOG.warn(
            "Checksum: {} of {} ranges of {} differ from the original (first: {}); copying them"
                + " again",
            differing.size(),
            ranges.size(),
            ghostTable,
            String.join("; ", samples.subList(0, Math.min(SAMPLES, samples.size()))));
        recopy(
            sessions.get(0), ghostSessions.get(0), differing.stream().map(Outcome::range).toList());
      }
      return new Report(
          rows,
          ranges.size(),
          differing.size(),
          samples,
          Duration.ofNanos(heldNanos),
          Duration.ofNanos(heldBackNanos));
    } finally {
      pool.shutdownNow();
      sessions.forEach(Connections::closeQuietly);
      ghostSessions.forEach(Connections::closeQuietly);
    }
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "checksum");
    t.setDaemon(true);
    return t;
  }

  /**
   * Holds the writers, drains the job, runs {@code underLock} (which opens the snapshots or copies
   * again), then lets the writers go.
   */
  private void holdingWriters(SqlBody underLock)
      throws SQLException, InterruptedException, TimeoutException, MismatchException {
    try (Connection lock = Connections.open(server, table.database())) {
      try (Statement s = lock.createStatement()) {
        s.execute(MigrationDdl.lockWaitTimeout(Math.max(1, lockTimeout.toSeconds())));
      }
      // a read lock is not granted while a transaction that wrote the table is open (MySQL lets the
      // writers pass it meanwhile): one open long is waited out, and named if it does not end
      String held =
          LongLockHolders.awaitGone(
              lock, List.of(table), LongLockHolders.Wanted.READ, lockTimeout, stop);
      if (held != null) {
        throw new TimeoutException("the read lock on " + table + " was not asked for: " + held);
      }
      long start = System.nanoTime();
      try (Statement s = lock.createStatement()) {
        s.execute(MigrationDdl.lockTables(List.of(), List.of(table)));
      } catch (SQLException e) {
        throw new TimeoutException(
            "the read lock on " + table + " was not granted: " + e.getMessage());
      }
      try {
        long drain = readPoint.after(lock);
        sentinel.write("checksum drain " + drain);
        Drain.await(
            appliedPoint, drain, start, lockTimeout, stop, () -> {}, "the checksum's point");
        underLock.run();
      } finally {
        try (Statement s = lock.createStatement()) {
          s.execute(MigrationDdl.UNLOCK_TABLES);
        }
        heldNanos += System.nanoTime() - start;
      }
    }
  }

  @FunctionalInterface
  private interface SqlBody {
    void run() throws SQLException, MismatchException;
  }

  private void atConsistentPoint(List<Connection> sessions, List<Connection> ghostSessions)
      throws SQLException, InterruptedException, TimeoutException, MismatchException {
    holdingWriters(
        () -> {
          for (Connection s : sessions) {
            snapshot(s);
          }
          if (transfer != null) {
            for (Connection s : ghostSessions) {
              snapshot(s);
            }
          }
        });
  }

  private static void snapshot(Connection s) throws SQLException {
    s.setAutoCommit(false);
    try (Statement st = s.createStatement()) {
      st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  private List<Outcome> compare(
      ExecutorService pool,
      List<Connection> sessions,
      List<Connection> ghostSessions,
      List<Range> ranges)
      throws SQLException, InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Future<List<Outcome>>> workers = new ArrayList<>();
    for (int w = 0; w < sessions.size(); w++) {
      Connection s = sessions.get(w);
      Connection g = ghostSessions.get(w);
      workers.add(
          pool.submit(
              () -> {
                List<Outcome> mine = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < ranges.size(); ) {
                  mayGoOn();
                  mine.add(compare(s, g, ranges.get(i)));
                  i = next.getAndIncrement();
                }
                return mine;
              }));
    }
    List<Outcome> all = new ArrayList<>();
    for (Future<List<Outcome>> w : workers) {
      try {
        all.addAll(w.get());
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw new SQLException("checksum: " + e.getCause(), e.getCause());
      }
    }
    return all;
  }

  /** Before a range: stops when asked to, and waits while the migration is throttled. */
  private void mayGoOn() throws SQLException, InterruptedException {
    boolean held = false;
    try {
      while (true) {
        String why = stop.get();
        if (why != null) {
          throw new SQLException(why);
        }
        String hold = throttle.reason();
        if (hold == null) {
          return;
        }
        if (!held) {
          held = true;
          holding(1);
        }
        if (told.add(io.ghostflink.controller.throttle.Throttler.shape(hold))) {
          heldBack.accept(hold);
        }
        Thread.sleep(HOLD.toMillis());
      }
    } finally {
      if (held) {
        holding(-1);
      }
    }
  }

  private synchronized void holding(int change) {
    long now = System.nanoTime();
    if (holding == 0) {
      holdingSince = now;
    }
    holding += change;
    if (holding == 0) {
      heldBackNanos += now - holdingSince;
    }
  }

  private Outcome compare(Connection c, Connection onGhost, Range r) throws SQLException {
    TableSide.Comparison cmp =
        TableSide.compare(onGhost, ghost, c, original, r, plan.compared(), "the original");
    List<String> differences = new ArrayList<>(cmp.differences());
    if (!cmp.equal() && differences.isEmpty()) {
      differences.add("the digests differ"); // equal rows under different digests: not expected
    }
    return new Outcome(r, cmp.theirsRows(), differences);
  }

  /**
   * Stops a copy again that left a Warning: its {@code INSERT IGNORE} would have kept a value
   * MySQL's own ALTER refuses, changed (a string made 0), and the comparison that follows, which
   * reads both sides through the same casts, could pass it. A duplicate key is left to that
   * comparison.
   */
  private void refuseWarned(Connection c, Connection onGhost, PreparedStatement insert)
      throws SQLException, MismatchException {
    for (Warnings.Warning w : Warnings.of(c, insert).warnings()) {
      if (w.duplicateKey() == null) {
        c.rollback();
        onGhost.rollback();
        throw new MismatchException(
            "rows of "
                + ghostTable
                + " differ from "
                + table
                + ", and copying them again was refused: "
                + w.message()
                + " (MySQL's own ALTER refuses such rows too)");
      }
    }
  }

  /**
   * Copies the ranges again with the writers held and the job drained, and compares them again
   * before letting the writers go.
   */
  private void recopy(Connection c, Connection onGhost, List<Range> ranges)
      throws SQLException, InterruptedException, TimeoutException, MismatchException {
    holdingWriters(
        () -> {
          c.setAutoCommit(false);
          onGhost.setAutoCommit(false);
          for (Range r : ranges) {
            try (PreparedStatement delete =
                onGhost.prepareStatement(
                    VerifySql.deleteRange(
                        ghostTable,
                        ghost.keyColumns(),
                        ghost.comparedKey(),
                        r.lower() != null,
                        r.upper() != null))) {
              ghost.bind(delete, ghost.bind(delete, 1, r.lower()), r.upper());
              delete.executeUpdate();
            }
            if (transfer != null) {
              transfer.copy(c, onGhost, r.lower(), r.upper());
              c.rollback(); // the read's view ends
              continue;
            }
            try (PreparedStatement insert =
                c.prepareStatement(
                    GhostDml.copyRange(copy.withBounds(r.lower() != null, r.upper() != null)))) {
              original.bind(insert, original.bind(insert, 1, r.lower()), r.upper());
              insert.executeUpdate();
              refuseWarned(c, onGhost, insert);
            }
          }
          onGhost.commit();
          snapshot(c);
          if (transfer != null) {
            snapshot(onGhost);
          }
          List<String> still = new ArrayList<>();
          for (Range r : ranges) {
            still.addAll(compare(c, onGhost, r).differences());
          }
          c.rollback();
          onGhost.rollback();
          if (!still.isEmpty()) {
            throw new MismatchException(
                still.size()
                    + " rows of "
                    + ghostTable
                    + " differ from "
                    + table
                    + " even after copying them again (first: "
                    + String.join("; ", still.subList(0, Math.min(SAMPLES, still.size())))
                    + ")");
          }
          LOG.warn(
              "Checksum: {} ranges of {} copied again; they now equal the original",
              ranges.size(),
              ghostTable);
        });
  }
}
