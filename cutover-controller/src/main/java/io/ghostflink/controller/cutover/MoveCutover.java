package io.ghostflink.controller.cutover;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a move's cooperative cut-over (seed 001, docs/move-tables.md): the source table is
 * renamed away so no write can reach it any more, the source's executed GTID set read on the same
 * session is the drain point, and the move is complete once the job has applied every transaction
 * of that set to the target. The application then follows the table to the target (the on-success
 * hooks tell it). From the rename until the success hooks end, writes to the table fail: that
 * window is the move's "lock" figure.
 *
 * <p>A failure after the rename and before the move is marked complete renames the table back, so
 * the source is as it was and the attempt can be retried. The rename is never retried by itself: it
 * is not idempotent.
 */
public final class MoveCutover {
  private static final Logger LOG = LoggerFactory.getLogger(MoveCutover.class);

  /** How often the drain is polled (seed 001: at most every 100 ms). */
  static final Duration DRAIN_POLL = Duration.ofMillis(10);

  /** The steps of seed 001 that this class runs; T0 (the before-cut-over hooks) precedes it. */
  public enum Step {
    /** Records that a rename is about to happen, so a crash after it is recoverable. */
    RECORD_INTENT("T0'"),
    /** {@code RENAME TABLE t TO _t_del} on the pinned source session; never retried. */
    RENAME_SOURCE("T1"),
    /** {@code @@global.gtid_executed} on the same session, persisted before the wait. */
    READ_DRAIN_GTIDS("T2"),
    /** Waits until the job's applied GTID set contains the drain set. */
    AWAIT_DRAIN_GTIDS("T3"),
    /** Records the move as complete; from here it is never rolled back. */
    MARK_COMPLETE("T4"),
    /** The on-success hooks, with the drain GTID set in their environment. */
    SUCCESS_HOOKS("T5");

    private final String seedName;

    Step(String seedName) {
      this.seedName = seedName;
    }

    /** "T3 AWAIT_DRAIN_GTIDS". */
    public String label() {
      return seedName + " " + name();
    }
  }

  /**
   * Whether the job's applied point contains every transaction of the drain set, given a look at
   * the binlog the job reads: {@code readSet} was its server's executed GTID set, read before its
   * binlog stood at {@code readPosition}.
   */
  @FunctionalInterface
  public interface Drained {
    boolean contains(String drain, String readSet, long readPosition) throws SQLException;

    /** What the job had applied at the last look, for a timeout's message. */
    default String applied() {
      return "";
    }
  }

  /**
   * Where the cut-over's progress is recorded before each step that changes something (the state
   * directory and the target), for a controller that resumes after a crash.
   */
  public interface Journal extends AutoCloseable {
    void intent(int attempt) throws Exception;

    void drainGtids(String gtids) throws Exception;

    void complete(String gtids) throws Exception;

    /** The attempt was rolled back: nothing is renamed. */
    void clear() throws Exception;

    /** The attempt is over, whatever its outcome. */
    @Override
    void close();
  }

  /** Runs the on-success hooks once the move is complete; what failed, or null. */
  @FunctionalInterface
  public interface SuccessHooks {
    String run(String drainGtids);
  }

  /**
   * What follows the tables to the target once the job has applied the drain set, before the move
   * is marked complete (their AUTO_INCREMENT counters); {@code source} is the session that renamed
   * them. A failure renames the tables back.
   */
  @FunctionalInterface
  public interface AfterDrain {
    void run(Connection source) throws Exception;
  }

  /** Writes a changelog row on the source, so a binlog marker follows the drain point at once. */
  @FunctionalInterface
  public interface Sentinel {
    void write(String value) throws SQLException;
  }

  /**
   * What one successful attempt did.
   *
   * @param drainGtids the source's GTID set after the rename
   * @param refusedWrites from the rename until the success hooks ended
   * @param drainWait how long the job took to apply the drain set
   * @param successHookFailure what failed in the on-success hooks (the move stands), or null
   */
  public record Result(
      String drainGtids, Duration refusedWrites, Duration drainWait, String successHookFailure) {}

  private final ServerAddress source;
  private final List<TableRef> tables;

  /** The tables, for messages: {@code db.t} or {@code db.t1, db.t2}. */
  private final String table;

  private final Duration drainTimeout;
  private final Duration lockTimeout;
  private final Drained drained;
  private final AfterDrain afterDrain;
  private final Sentinel sentinel;
  private final Supplier<String> stop;
  private final Drain.Check lockHeld;
  private final Journal journal;
  private final SuccessHooks successHooks;
  private final CutoverHook hook;
  private final BinlogReadPoint readPoint;

  public MoveCutover(
      ServerAddress source,
      List<TableRef> tables,
      Duration drainTimeout,
      Duration lockTimeout,
      Drained drained,
      AfterDrain afterDrain,
      Sentinel sentinel,
      Supplier<String> stop,
      Drain.Check lockHeld,
      Journal journal,
      SuccessHooks successHooks,
      CutoverHook hook,
      BinlogReadPoint readPoint) {
    this.source = source;
    this.tables = List.copyOf(tables);
    this.table = String.join(", ", tables.stream().map(TableRef::toString).toList());
    this.drainTimeout = drainTimeout;
    this.lockTimeout = lockTimeout;
    this.drained = drained;
    this.afterDrain = afterDrain;
    this.sentinel = sentinel;
    this.stop = stop;
    this.lockHeld = lockHeld;
    this.journal = journal;
    this.successHooks = successHooks;
    this.hook = hook;
    this.readPoint = readPoint;
  }

  /** The rename of T1, for the operator's message and the tests. */
  public static String rename(TableRef from, TableRef to) {
    return "RENAME TABLE " + Identifiers.quote(from) + " TO " + Identifiers.quote(to);
  }

  /**
   * T1 for several tables in one statement, so a transaction that wrote two of them is either
   * before it on every one or after it on every one ({@code back}: the rename undone).
   */
  public static String renameAll(List<TableRef> tables, boolean back) {
    java.util.StringJoiner pairs = new java.util.StringJoiner(", ", "RENAME TABLE ", "");
    for (TableRef t : tables) {
      TableRef from = back ? t.magic() : t;
      TableRef to = back ? t : t.magic();
      pairs.add(Identifiers.quote(from) + " TO " + Identifiers.quote(to));
    }
    return pairs.toString();
  }

  /**
   * Runs T0' to T5.
   *
   * @throws CutoverFailedException the attempt stopped; the source table is in place (renamed back
   *     where it had been renamed), the attempt may be retried
   * @throws OwnershipAmbiguousException the table could not be renamed back; a human must
   */
  public Result attempt(int attempt) throws CutoverFailedException, OwnershipAmbiguousException {
    try {
      return run(attempt);
    } finally {
      journal.close();
    }
  }

  private Result run(int attempt) throws CutoverFailedException, OwnershipAmbiguousException {
    Connection session;
    try {
      lockHeld.run();
      String reason = stop.get();
      if (reason != null) {
        throw new CutoverFailedException(Step.RECORD_INTENT, reason, null);
      }
      journal.intent(attempt);
      hook.beforeMoveStep(Step.RENAME_SOURCE, attempt);
      session = Connections.open(source, tables.get(0).database());
      // the RENAME waited for a long transaction as long as the server's lock_wait_timeout (a
      // year by default), every writer of the table queued behind it: it waits as a cut-over's
      // LOCK TABLES does, and not at all for a transaction already open long
      String held;
      try (Statement s = session.createStatement()) {
        s.execute(MigrationDdl.lockWaitTimeout(lockTimeout.toSeconds()));
        held =
            LongLockHolders.awaitGone(
                session, tables, LongLockHolders.Wanted.WRITE, lockTimeout, stop);
      } catch (Exception e) {
        Connections.closeQuietly(session);
        throw e;
      }
      if (held != null) {
        Connections.closeQuietly(session);
        clearQuietly();
        throw new CutoverFailedException(
            Step.RENAME_SOURCE, held + "; " + table + " is in place", null);
      }
    } catch (CutoverFailedException e) {
      throw e;
    } catch (Exception e) {
      throw new CutoverFailedException(Step.RECORD_INTENT, e.getMessage(), e);
    }
    try (Connection c = session;
        Statement s = c.createStatement()) {
      long renamed;
      try {
        LOG.info("{}: {}", Step.RENAME_SOURCE.label(), renameAll(tables, false));
        s.execute(renameAll(tables, false));
        renamed = System.nanoTime();
      } catch (SQLException e) {
        clearQuietly();
        throw new CutoverFailedException(
            Step.RENAME_SOURCE, e.getMessage() + "; " + table + " is in place", e);
      }
      Step step = Step.READ_DRAIN_GTIDS;
      String gtids;
      long drainStart;
      try {
        hook.beforeMoveStep(step, attempt);
        try (ResultSet rs = s.executeQuery("SELECT @@global.gtid_executed")) {
          rs.next();
          gtids = rs.getString(1).replace("\n", "");
        }
        journal.drainGtids(gtids);
        LOG.info("{}: drain GTID set {}", step.label(), gtids);
        step = Step.AWAIT_DRAIN_GTIDS;
        hook.beforeMoveStep(step, attempt);
        drainStart = System.nanoTime();
        // a look at the binlog the job reads: every transaction of its set sits in it before its
        // position, so a changelog marker past that position follows them
        BinlogReadPoint.Look look = readPoint.look(c);
        sentinel.write("move " + attempt);
        awaitDrain(gtids, look.gtids(), look.position(), drainStart);
        afterDrain.run(c);
        step = Step.MARK_COMPLETE;
        hook.beforeMoveStep(step, attempt);
        journal.complete(gtids);
      } catch (Exception e) {
        renameBack(s, step, e);
        throw new CutoverFailedException(
            step,
            e.getMessage() + "; " + table + " was renamed back and is in place",
            e instanceof CutoverFailedException ? e.getCause() : e);
      }
      Duration drainWait = Duration.ofNanos(System.nanoTime() - drainStart);
      LOG.info(
          "{}: the job applied the drain set in {} ms",
          Step.MARK_COMPLETE.label(),
          drainWait.toMillis());
      try {
        hook.beforeMoveStep(Step.SUCCESS_HOOKS, attempt);
      } catch (Exception e) {
        LOG.warn("test hook before T5 failed: {}", e.toString()); // the move stands
      }
      String hookFailure = successHooks.run(gtids);
      Duration refused = Duration.ofNanos(System.nanoTime() - renamed);
      LOG.info(
          "{}: writes to {} refused for {} ms",
          Step.SUCCESS_HOOKS.label(),
          table,
          refused.toMillis());
      return new Result(gtids, refused, drainWait, hookFailure);
    } catch (SQLException e) {
      // closing the session failed after the outcome was decided: the outcome stands
      throw new CutoverFailedException(Step.RENAME_SOURCE, e.getMessage(), e);
    }
  }

  private void awaitDrain(String gtids, String readSet, long readPosition, long start)
      throws Exception {
    long deadline = start + drainTimeout.toNanos();
    while (!drained.contains(gtids, readSet, readPosition)) {
      lockHeld.run();
      String reason = stop.get();
      if (reason != null) {
        throw new SQLException(reason);
      }
      if (System.nanoTime() > deadline) {
        throw new java.util.concurrent.TimeoutException(
            "the job had not applied the source's GTID set "
                + gtids
                + " within --drain-timeout "
                + drainTimeout.toMillis()
                + " ms (applied: "
                + drained.applied()
                + ")");
      }
      Thread.sleep(DRAIN_POLL.toMillis());
    }
  }

  private void renameBack(Statement s, Step failed, Exception cause)
      throws OwnershipAmbiguousException {
    try {
      s.execute(renameAll(tables, true));
    } catch (SQLException e) {
      // the session may be gone: try once more on a fresh one
      try (Connection c = Connections.open(source, tables.get(0).database());
          Statement again = c.createStatement()) {
        again.execute(renameAll(tables, true));
      } catch (SQLException second) {
        throw new OwnershipAmbiguousException(
            "the move of "
                + table
                + " failed in "
                + failed.label()
                + " ("
                + cause.getMessage()
                + ") after the source tables were renamed to "
                + String.join(", ", tables.stream().map(t -> t.magic().table()).toList())
                + ", and renaming it back failed too ("
                + second.getMessage()
                + "); writes to "
                + table
                + " fail until you run on the source: "
                + renameAll(tables, true));
      }
    }
    LOG.warn("{} failed; renamed {} back", failed.label(), table);
    clearQuietly();
  }

  private void clearQuietly() {
    try {
      journal.clear();
    } catch (Exception e) {
      LOG.warn("the move's cut-over journal was not cleared: {}", e.toString());
    }
  }
}
