package io.ghostflink.controller.cutover;

import io.ghostflink.controller.concurrent.DaemonThreads;
import io.ghostflink.controller.preflight.FactsReader;
import io.ghostflink.controller.progress.ProgressReader;
import io.ghostflink.controller.schema.AutoIncrementCounter;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of the same-server atomic cut-over: the nine {@link CutoverStep}s, each run by {@link
 * Attempt#step}, which logs, times and names failures. Until the magic table is dropped any failure
 * unlocks with the magic table still there, so a pending RENAME fails and the original table is
 * untouched; after that, the RENAME's outcome is read from the server, never guessed.
 */
public final class SameServerCutover {
  private static final Logger LOG = LoggerFactory.getLogger(SameServerCutover.class);
  private static final Duration POLL = Duration.ofMillis(5);

  /**
   * How long session 1 keeps the original locked after dropping the magic table even if the
   * controller dies right then. Longer than the 1 s after which MySQL lets a statement waiting for
   * a metadata lock notice that its client is gone: by the end of it, a RENAME left behind is
   * either queued on the original ahead of every writer, or has given up. Normally it is ended
   * early.
   */
  static final Duration HOLD_AFTER_DROP = Duration.ofSeconds(2);

  /** The job's applied point, read fresh on every call. */
  @FunctionalInterface
  public interface AppliedPoint {
    long read() throws SQLException;
  }

  /**
   * A last look at the ghost table under its lock, after the drain: what is wrong with it, or null.
   * Run on the session that holds the ghost table (and the recheck table) locked.
   */
  @FunctionalInterface
  public interface LockedGhostCheck {
    String problem(Connection lockedGhost) throws SQLException;
  }

  /** Writes the cut-over sentinel to the changelog table. */
  @FunctionalInterface
  public interface Sentinel {
    void write(String value) throws SQLException;
  }

  /**
   * A successful swap.
   *
   * @param lockTime how long writers to the original were blocked: from the LOCK request to the
   *     original's UNLOCK
   * @param stepTimes how long each step took
   */
  public record Result(Duration lockTime, Map<CutoverStep, Duration> stepTimes) {}

  private final ServerAddress server;
  private final TableRef table;
  private final Duration lockTimeout;
  private final AppliedPoint appliedPoint;
  private final Sentinel sentinel;
  private final Supplier<String> stop;
  private final BooleanSupplier lockHeld;
  private final LockedGhostCheck lockedGhostCheck;
  private final boolean carryAutoIncrement;
  private final CutoverHook hook;

  /**
   * @param carryAutoIncrement raise the ghost's AUTO_INCREMENT counter to the original's under the
   *     lock ({@link AutoIncrementCounter}); false when the ALTER sets the counter itself
   */
  public SameServerCutover(
      ServerAddress server,
      TableRef table,
      Duration lockTimeout,
      AppliedPoint appliedPoint,
      Sentinel sentinel,
      Supplier<String> stop,
      BooleanSupplier lockHeld,
      LockedGhostCheck lockedGhostCheck,
      boolean carryAutoIncrement,
      CutoverHook hook) {
    this.server = server;
    this.table = table;
    this.lockTimeout = lockTimeout;
    this.appliedPoint = appliedPoint;
    this.sentinel = sentinel;
    this.stop = stop;
    this.lockHeld = lockHeld;
    this.lockedGhostCheck = lockedGhostCheck;
    this.carryAutoIncrement = carryAutoIncrement;
    this.hook = hook;
  }

  /**
   * Runs one attempt.
   *
   * @throws CutoverFailedException the original table is intact; the attempt may be retried
   * @throws OwnershipAmbiguousException the server does not show whether the swap happened
   */
  public Result attempt(int attempt) throws CutoverFailedException, OwnershipAmbiguousException {
    try (Attempt a = new Attempt(attempt)) {
      return a.run();
    }
  }

  @FunctionalInterface
  private interface StepBody {
    void run() throws Exception;
  }

  private final class Attempt implements AutoCloseable {
    private final int number;
    private final Map<CutoverStep, Duration> stepTimes = new EnumMap<>(CutoverStep.class);
    private final ExecutorService renamer =
        Executors.newFixedThreadPool(2, DaemonThreads.named("cut-over-session"));
    private Connection control;
    private Connection lockOriginal;
    private Connection rename;
    private Connection lockGhost;
    private long lockOriginalId;
    private long renameId;
    private long lockGhostId;
    private Future<?> renameResult;
    private Future<?> dropResult;
    private boolean magicCreated;
    private boolean magicDropped;
    private long lockStart;
    private long lockEnd;
    private long drain;

    Attempt(int number) {
      this.number = number;
    }

    Result run() throws CutoverFailedException, OwnershipAmbiguousException {
      try {
        // every session is opened before the lock: connecting is not part of the lock time
        control = Connections.open(server, table.database());
        lockOriginal = Connections.openMultiStatement(server, table.database());
        execute(lockOriginal, MigrationDdl.lockWaitTimeout(lockTimeout.toSeconds()));
        lockOriginalId = connectionId(lockOriginal);
        lockGhost = session(lockTimeout.toSeconds());
        lockGhostId = connectionId(lockGhost);
        rename = session(3 * lockTimeout.toSeconds() + 3);
        renameId = connectionId(rename);
        step(CutoverStep.LOCK_ORIGINAL_AND_MAGIC, this::lockOriginalAndMagic);
        step(CutoverStep.READ_DRAIN_POINT, this::readDrainPoint);
        step(CutoverStep.AWAIT_DRAIN, this::awaitDrain);
        step(CutoverStep.LOCK_GHOST, this::lockGhost);
        step(CutoverStep.ISSUE_BLOCKING_RENAME, this::issueBlockingRename);
        step(CutoverStep.AWAIT_RENAME_BLOCKED, this::awaitRenameBlocked);
        step(CutoverStep.DROP_MAGIC, this::dropMagic);
        step(CutoverStep.UNLOCK_GHOST_THEN_ORIGINAL, this::unlockGhostThenOriginal);
      } catch (CutoverFailedException e) {
        if (!magicDropped) {
          rollBack();
          throw e;
        }
        LOG.warn("{}; reading the server to decide", e.getMessage());
      } catch (SQLException e) {
        rollBack();
        throw new CutoverFailedException(
            CutoverStep.LOCK_ORIGINAL_AND_MAGIC, "cannot connect: " + e.getMessage(), e);
      }
      verifySwapped();
      Duration lockTime =
          Duration.ofNanos((lockEnd == 0 ? System.nanoTime() : lockEnd) - lockStart);
      LOG.info(
          "Cut-over attempt {} swapped {}; writers blocked {} ms",
          number,
          table,
          lockTime.toMillis());
      return new Result(lockTime, stepTimes);
    }

    private void step(CutoverStep step, StepBody body) throws CutoverFailedException {
      LOG.info("Cut-over step {} {} (attempt {})", step.number(), step, number);
      long start = System.nanoTime();
      try {
        hook.beforeStep(
            step, number, new CutoverHook.Sessions(lockOriginalId, renameId, lockGhostId));
        // until the magic table is dropped the attempt may stop (lost lock, pause); after that the
        // swap is under way and is finished whatever happens
        if (step.compareTo(CutoverStep.DROP_MAGIC) <= 0) {
          String reason = stop.get();
          if (reason != null) {
            throw new CutoverFailedException(step, reason, null);
          }
        }
        // before the lock and before the swap becomes possible, ask the server, not the keepalive
        boolean ask = step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC || step == CutoverStep.DROP_MAGIC;
        if (ask && !lockHeld.getAsBoolean()) {
          throw new CutoverFailedException(step, "the migration lock was lost", null);
        }
        body.run();
      } catch (CutoverFailedException e) {
        throw e;
      } catch (Exception e) {
        throw new CutoverFailedException(step, String.valueOf(e.getMessage()), e);
      } finally {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        stepTimes.put(step, took);
        LOG.info("Cut-over step {} {} took {} ms", step.number(), step, took.toMillis());
      }
    }

    private void lockOriginalAndMagic() throws Exception {
      // the writers would queue behind a lock that waits for a long transaction: wait it out first
      String held =
          LongLockHolders.awaitGone(
              control, List.of(table), LongLockHolders.Wanted.WRITE, lockTimeout, stop);
      if (held != null) {
        throw new CutoverFailedException(CutoverStep.LOCK_ORIGINAL_AND_MAGIC, held, null);
      }
      execute(control, MigrationDdl.createMagic(table.magic()));
      magicCreated = true;
      lockStart = System.nanoTime();
      execute(lockOriginal, MigrationDdl.lockTablesWrite(List.of(table, table.magic())));
    }

    private void readDrainPoint() throws SQLException {
      drain = ProgressReader.sourcePosition(lockOriginal);
      sentinel.write("attempt " + number + " drain " + drain);
    }

    private void awaitDrain() throws Exception {
      Drain.await(
          appliedPoint,
          drain,
          lockStart,
          lockTimeout,
          stop,
          () -> requireAlive(lockOriginal, "the session locking " + table),
          "the drain point");
    }

    private void lockGhost() throws SQLException {
      execute(
          lockGhost,
          MigrationDdl.lockTables(
              List.of(table.ghost()),
              lockedGhostCheck == null ? List.of() : List.of(table.recheck())));
      // the job may have restarted and be replaying older changes: read again under the lock
      long applied = appliedPoint.read();
      if (applied < drain - 1) {
        throw new SQLException(
            "the applied point fell back to " + applied + " below the drain point " + drain);
      }
      String problem = lockedGhostCheck == null ? null : lockedGhostCheck.problem(lockGhost);
      if (problem != null) {
        throw new SQLException(problem);
      }
      // the original's counter is final now (no one writes it); rows deleted or inserts rolled
      // back since the ghost was made can leave it above the ghost's. Read by the control session,
      // raised by the session holding the ghost's WRITE lock (rarely: the ghost starts with it)
      if (carryAutoIncrement) {
        OptionalLong raised =
            AutoIncrementCounter.carry(control, table, control, table.ghost(), lockGhost);
        if (raised.isPresent()) {
          LOG.info(
              "Cut-over: {}'s AUTO_INCREMENT raised to {}, the original's",
              table.ghost(),
              raised.getAsLong());
        }
      }
    }

    private void issueBlockingRename() throws SQLException {
      Connection c = rename;
      renameResult =
          renamer.submit(
              () -> {
                execute(c, MigrationDdl.swap(table));
                return null;
              });
    }

    private void awaitRenameBlocked() throws Exception {
      long deadline = System.nanoTime() + lockTimeout.toNanos();
      while (!renameWaitsOnMetadataLock()) {
        if (renameResult.isDone()) {
          renameResult.get(); // throws the RENAME's error
          throw new SQLException("the RENAME ran before the magic table was dropped");
        }
        requireAlive(lockOriginal, "the session locking " + table);
        requireAlive(lockGhost, "the session locking " + table.ghost());
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("the RENAME was not seen waiting on a metadata lock");
        }
        Thread.sleep(POLL.toMillis());
      }
    }

    private boolean renameWaitsOnMetadataLock() throws SQLException {
      SessionState s = sessionState(renameId);
      return String.valueOf(s.state()).contains("metadata lock")
          && String.valueOf(s.statement()).startsWith("RENAME");
    }

    /**
     * Session 1 drops the magic table and, in the same request, keeps busy for {@link
     * #HOLD_AFTER_DROP}: were the controller to die now, the original would stay locked until the
     * RENAME is queued on it (or has given up), so no writer can slip into the old table.
     */
    private void dropMagic() throws Exception {
      requireAlive(lockGhost, "the session locking " + table.ghost());
      Connection c = lockOriginal;
      String dropThenHold =
          MigrationDdl.dropIfExists(table.magic()) + "; " + MigrationDdl.holdFor(HOLD_AFTER_DROP);
      dropResult =
          renamer.submit(
              () -> {
                execute(c, dropThenHold);
                return null;
              });
      long deadline = System.nanoTime() + lockTimeout.toNanos();
      while (!MigrationDdl.HOLDING_STATE.equals(sessionState(lockOriginalId).state())) {
        if (dropResult.isDone()) {
          dropResult.get(); // the DROP's error; without one, dropped and already done holding
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("the magic table was not dropped in time");
        }
        Thread.sleep(1);
      }
      magicDropped = true;
    }

    /** Ends session 1's hold early: the RENAME is queued on the original, or was killed. */
    private void endHold() throws Exception {
      if (dropResult == null || dropResult.isDone()) {
        return;
      }
      execute(control, MigrationDdl.killQuery(lockOriginalId));
      try {
        dropResult.get(HOLD_AFTER_DROP.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException interrupted) {
        LOG.debug("hold ended: {}", interrupted.getCause().getMessage());
      }
    }

    /** A session's PROCESSLIST state and statement (both null when it is gone). */
    private SessionState sessionState(long id) throws SQLException {
      try (PreparedStatement ps = control.prepareStatement(MigrationDdl.SESSION_STATE)) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? new SessionState(rs.getString(1), rs.getString(2))
              : new SessionState(null, null);
        }
      }
    }

    /**
     * The RENAME takes its metadata locks one at a time in name order ({@code _t_del}, {@code
     * _t_gho}, {@code t} for most names). Writers queued on the original are granted the moment it
     * is unlocked, so the RENAME must already be waiting on the original by then; otherwise a write
     * can land in the old table after the drain and be lost from the new one. When the server does
     * not show it waiting there in time, the RENAME is killed first: the attempt then ends
     * unswapped, with the original intact.
     */
    private void unlockGhostThenOriginal() throws Exception {
      execute(lockGhost, MigrationDdl.UNLOCK_TABLES);
      long deadline = System.nanoTime() + lockTimeout.toNanos();
      boolean queued;
      while (!(queued = renameWaitsOn(table)) && System.nanoTime() < deadline) {
        if (renameResult.isDone()) {
          break;
        }
        Thread.sleep(1);
      }
      if (!queued && !renameResult.isDone()) {
        LOG.warn("the RENAME was not seen waiting on {}; killing it before unlocking", table);
        execute(control, MigrationDdl.killQuery(renameId));
        try {
          renameResult.get(3 * lockTimeout.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
          // killed: verifySwapped finds the tables unswapped
        }
      }
      endHold();
      execute(lockOriginal, MigrationDdl.UNLOCK_TABLES);
      lockEnd = System.nanoTime();
    }

    private boolean renameWaitsOn(TableRef t) throws SQLException {
      try (PreparedStatement ps = control.prepareStatement(MigrationDdl.PENDING_TABLE_LOCKS)) {
        ps.setLong(1, renameId);
        ps.setString(2, t.database());
        ps.setString(3, t.table());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getLong(1) > 0;
        }
      }
    }

    /** After the magic table is gone: the RENAME's result, else the server's tables, decide. */
    private void verifySwapped() throws CutoverFailedException, OwnershipAmbiguousException {
      LOG.info(
          "Cut-over step {} {} (attempt {})",
          CutoverStep.VERIFY_SWAPPED.number(),
          CutoverStep.VERIFY_SWAPPED,
          number);
      long start = System.nanoTime();
      try {
        hook.beforeStep(
            CutoverStep.VERIFY_SWAPPED,
            number,
            new CutoverHook.Sessions(lockOriginalId, renameId, lockGhostId));
      } catch (Exception e) {
        LOG.warn("cut-over hook before {}: {}", CutoverStep.VERIFY_SWAPPED, e.getMessage());
      }
      String renameError = null;
      try {
        renameResult.get(3 * lockTimeout.toSeconds() + 10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        renameError = e.getCause().getMessage();
      } catch (TimeoutException | InterruptedException e) {
        renameError = "no answer from the RENAME session";
      }
      List<String> found = new ArrayList<>();
      try (Connection c = Connections.open(server, table.database())) {
        boolean original = FactsReader.exists(c, table);
        boolean ghost = FactsReader.exists(c, table.ghost());
        boolean old = FactsReader.exists(c, table.magic());
        found.add(table.table() + (original ? " exists" : " missing"));
        found.add(table.ghost().table() + (ghost ? " exists" : " missing"));
        found.add(table.magic().table() + (old ? " exists" : " missing"));
        stepTimes.put(CutoverStep.VERIFY_SWAPPED, Duration.ofNanos(System.nanoTime() - start));
        if (original && !ghost && old) {
          if (renameError != null) {
            LOG.warn("the RENAME reported '{}' but the server shows the swap done", renameError);
          }
          return;
        }
        if (original && ghost && !old) {
          throw new CutoverFailedException(
              CutoverStep.VERIFY_SWAPPED,
              "the RENAME did not run (" + renameError + "); " + table + " is unchanged",
              null);
        }
      } catch (SQLException e) {
        throw new OwnershipAmbiguousException(
            "cut-over of "
                + table
                + " could not be verified: the server could not be read after the RENAME ("
                + e.getMessage()
                + "); check SHOW TABLES before doing anything");
      }
      throw new OwnershipAmbiguousException(
          "cut-over of "
              + table
              + " ended in an unexpected state "
              + found
              + " (RENAME: "
              + renameError
              + "); inspect the tables by hand, ghostflink will not guess");
    }

    /** Before the magic table was dropped: stop the RENAME, unlock, then remove the magic table. */
    private void rollBack() {
      if (renameResult != null && !renameResult.isDone()) {
        quietly(() -> execute(control, MigrationDdl.killQuery(renameId)));
      }
      quietly(() -> execute(lockGhost, MigrationDdl.UNLOCK_TABLES));
      quietly(this::endHold);
      quietly(() -> execute(lockOriginal, MigrationDdl.UNLOCK_TABLES));
      if (renameResult != null) {
        try {
          renameResult.get(3 * lockTimeout.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          LOG.info("the RENAME failed as it must: {}", e.getCause().getMessage());
        } catch (TimeoutException | InterruptedException e) {
          LOG.warn("the RENAME session did not answer; leaving the magic table in place");
          return;
        }
      }
      if (magicCreated) {
        quietly(
            () -> {
              Connection c =
                  control != null && control.isValid(1)
                      ? control
                      : Connections.open(server, table.database());
              if (FactsReader.exists(c, table.ghost())) {
                execute(c, MigrationDdl.dropIfExists(table.magic()));
              }
            });
      }
      LOG.info("Cut-over attempt {} rolled back; {} is unchanged", number, table);
    }

    private Connection session(long lockWaitSeconds) throws SQLException {
      Connection c = Connections.open(server, table.database());
      execute(c, MigrationDdl.lockWaitTimeout(lockWaitSeconds));
      return c;
    }

    @Override
    public void close() {
      quietly(this::endHold); // never leave the original locked for the rest of the hold
      renamer.shutdownNow();
      for (Connection c : new Connection[] {lockOriginal, lockGhost, rename, control}) {
        if (c != null) {
          try {
            c.close();
          } catch (SQLException ignored) {
            // closing releases its locks either way
          }
        }
      }
    }
  }

  private record SessionState(String state, String statement) {}

  private static void requireAlive(Connection c, String what) throws SQLException {
    if (c == null || !c.isValid(1)) {
      throw new SQLException(what + " is gone");
    }
  }

  private static long connectionId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.CONNECTION_ID)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    if (c == null) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws Exception;
  }

  private static void quietly(SqlAction action) {
    try {
      action.run();
    } catch (Exception e) {
      LOG.debug("roll-back step: {}", e.getMessage());
    }
  }
}
