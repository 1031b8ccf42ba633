package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.flink.FlinkSession;
import io.ghostflink.controller.hooks.HookSettings;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the operator asked for: one kebab-case CLI flag per component (docs/operations.md).
 *
 * @param server where the table lives (source and target are the same server for an ALTER)
 * @param table the original table
 * @param alter the ALTER clause, without {@code ALTER TABLE t}
 * @param execute false: a dry run (preflight and the plan, nothing left behind)
 * @param parallelism copy readers and sink subtasks
 * @param chunkSize rows of the first copy chunk (of every chunk when {@code chunkTime} is zero)
 * @param chunkTime the target time of one copy chunk, or zero for fixed-size chunks
 * @param checkpointInterval Flink checkpoint interval
 * @param cutOverLockTimeout how long one cut-over attempt may block writers
 * @param maxCutOverAttempts attempts before giving up (the original stays intact)
 * @param cutOverMaxLag the ghost table's lag under which a cut-over may start
 * @param okToDropTable drop the old table {@code _t_del} after the swap
 * @param initiallyDropGhostTable drop a previous run's ghost, changelog and progress tables
 * @param initiallyDropOldTable drop a previous migration's old table {@code _t_del}
 * @param stateDir where Flink checkpoints go
 * @param serverId the replication server id the binlog reader uses
 * @param copyMode how the job copies the rows (a resume keeps the mode its migration started with)
 * @param throttle when the copy holds back (docs/operations.md, "Throttling")
 * @param checksum compare the ghost table with the original before the swap (docs/cut-over.md, "The
 *     checksum before the swap")
 * @param hooks the operator's hook executables (docs/operations.md, "Hooks")
 * @param postponeFlagFile while this file exists the cut-over waits (the ghost table kept current);
 *     null for none
 * @param move where {@code ghostflink move} takes the table; null for an ALTER (then {@code alter}
 *     is the change, else it is empty: a move keeps the schema)
 * @param flink the Flink session cluster that runs the job; null for the embedded MiniCluster
 * @param quietParallelism copy readers while no other session changes rows on the server (0: the
 *     default, {@link #quietReaders})
 * @param deferIndexes when the ghost table's plain secondary indexes are built after the copy
 *     ({@link DeferredIndexes})
 * @param quietChunkTime the target time of an adaptive copy chunk once no other session has changed
 *     a row on the server for 10 s, where it is longer than {@code chunkTime} (0: {@code chunkTime}
 *     then too)
 * @param restartWait how long a migration whose server restarted under it waits for the server to
 *     answer again, then continues from its last checkpoint as {@code ghostflink resume} would (0:
 *     it fails at once, resumable)
 * @param attemptInstantDdl {@code --attempt-instant-ddl}: an ALTER that MySQL can do with {@code
 *     ALGORITHM=INSTANT} (metadata only) is run so on the table itself, without a copy; when MySQL
 *     refuses it there, the migration copies as without the flag (docs/operations.md)
 * @param rowCount how the progress learns the table's rows: the server's estimate, or gh-ost's
 *     {@code --exact-rowcount} ({@link ExactRowCount})
 * @param analyzeTable bring the ghost table's optimizer statistics up to date and carry the
 *     original's histograms to it before the swap ({@link TableStatistics}); {@code
 *     --skip-analyze-table} turns it off
 * @param timestampOldTable gh-ost's {@code --timestamp-old-table}: after the swap the old table is
 *     renamed from {@code _t_del} to {@code _t_<yyyyMMddHHmmss>_del}, the run's start in UTC, so
 *     that the old tables of later migrations of the table do not collide with it
 */
public record MigrationOptions(
    ServerAddress server,
    TableRef table,
    String alter,
    boolean execute,
    int parallelism,
    int chunkSize,
    Duration chunkTime,
    Duration checkpointInterval,
    Duration cutOverLockTimeout,
    int maxCutOverAttempts,
    Duration cutOverMaxLag,
    boolean okToDropTable,
    boolean initiallyDropGhostTable,
    boolean initiallyDropOldTable,
    Path stateDir,
    int serverId,
    CopyMode copyMode,
    ThrottleSettings throttle,
    boolean checksum,
    HookSettings hooks,
    Path postponeFlagFile,
    MoveTarget move,
    FlinkSession flink,
    int quietParallelism,
    DeferredIndexes.Mode deferIndexes,
    Duration quietChunkTime,
    Duration restartWait,
    boolean attemptInstantDdl,
    ExactRowCount.Mode rowCount,
    boolean analyzeTable,
    boolean timestampOldTable) {

  /**
   * Copy readers while no other session changes rows on the server, on the embedded MiniCluster. On
   * the bench's two cores, which the copy fills, a second reader gained nothing measurable and cost
   * nothing (docs/benchmarks.md, session 14); it is there for servers with cores to spare.
   */
  public static final int DEFAULT_QUIET_PARALLELISM = 2;

  /**
   * The target time of a copy chunk once no other session has changed a row on the server for 10 s
   * (the copy planner's OtherWriters.silent, which also looks back through performance_schema's
   * statement history when the copy starts). 500 ms copied the bench's 1M-row table 16% faster
   * without writers in session 19, 10% on average over session 22's fourteen runs
   * (docs/benchmarks.md). Session 19 kept it off because a writer of under two rows a second, which
   * the planner does not count as one, then waited 106 and 159 ms for two of its 43 commits;
   * session 22 measured such waits with 100 ms chunks too. Any changed row keeps the copy at {@code
   * chunkTime} for the next 10 s.
   */
  public static final Duration DEFAULT_QUIET_CHUNK_TIME = Duration.ofMillis(500);

  /** How long a migration waits for a server that restarted under it (docs/operations.md). */
  public static final Duration DEFAULT_RESTART_WAIT = Duration.ofMinutes(5);

  public MigrationOptions {
    if (move == null) {
      require(
          alter != null && !alter.isBlank(),
          "--alter is empty; give the ALTER clause, e.g. --alter \"ADD COLUMN x INT\"");
    } else {
      alter = "";
      require(
          copyMode == CopyMode.STREAM,
          "a move copies the rows through the job: --copy must be stream (the default for move)");
      require(
          !move.server().sameServer(server),
          "the target is the source server; to change a table in place, use ghostflink migrate");
    }
    require(parallelism >= 1 && parallelism <= 64, "--parallelism must be between 1 and 64");
    require(
        quietParallelism >= 0 && quietParallelism <= 64,
        "--quiet-parallelism must be between 1 and 64");
    require(
        chunkSize >= 10 && chunkSize <= 1_000_000,
        "--chunk-size must be between 10 and 1000000 rows");
    require(
        isChunkTime(chunkTime),
        "--chunk-time must be 0 (fixed --chunk-size chunks) or between 10ms and 60s");
    require(
        !checkpointInterval.isNegative() && checkpointInterval.toMillis() >= 100,
        "--checkpoint-interval must be at least 100ms");
    require(
        cutOverLockTimeout.toSeconds() >= 1 && cutOverLockTimeout.toSeconds() <= 60,
        "--cut-over-lock-timeout must be between 1s and 60s (MySQL lock waits are whole seconds)");
    require(maxCutOverAttempts >= 1, "--max-cut-over-attempts must be at least 1");
    require(!cutOverMaxLag.isNegative(), "--cut-over-max-lag must not be negative");
    require(serverId > 0, "--server-id must be positive");
    require(copyMode != null, "--copy must be server or stream");
    require(throttle != null, "the throttle settings are missing");
    require(hooks != null, "the hook settings are missing");
    require(deferIndexes != null, "--defer-secondary-indexes must be auto, on or off");
    require(
        quietChunkTime != null && isChunkTime(quietChunkTime),
        "--quiet-chunk-time must be 0 (--chunk-time also while nobody else writes) or between"
            + " 10ms and 60s");
    require(
        restartWait != null && !restartWait.isNegative(),
        "--wait-for-restart must not be negative (0: fail at once)");
    require(
        !attemptInstantDdl || move == null,
        "--attempt-instant-ddl is for an ALTER: a move copies the table to the other server");
    require(rowCount != null, "the row count mode is missing");
  }

  /** The options of a migration that waits {@link #DEFAULT_RESTART_WAIT} for a restart. */
  public MigrationOptions(
      ServerAddress server,
      TableRef table,
      String alter,
      boolean execute,
      int parallelism,
      int chunkSize,
      Duration chunkTime,
      Duration checkpointInterval,
      Duration cutOverLockTimeout,
      int maxCutOverAttempts,
      Duration cutOverMaxLag,
      boolean okToDropTable,
      boolean initiallyDropGhostTable,
      boolean initiallyDropOldTable,
      Path stateDir,
      int serverId,
      CopyMode copyMode,
      ThrottleSettings throttle,
      boolean checksum,
      HookSettings hooks,
      Path postponeFlagFile,
      MoveTarget move,
      FlinkSession flink,
      int quietParallelism,
      DeferredIndexes.Mode deferIndexes,
      Duration quietChunkTime) {
    this(
        server,
        table,
        alter,
        execute,
        parallelism,
        chunkSize,
        chunkTime,
        checkpointInterval,
        cutOverLockTimeout,
        maxCutOverAttempts,
        cutOverMaxLag,
        okToDropTable,
        initiallyDropGhostTable,
        initiallyDropOldTable,
        stateDir,
        serverId,
        copyMode,
        throttle,
        checksum,
        hooks,
        postponeFlagFile,
        move,
        flink,
        quietParallelism,
        deferIndexes,
        quietChunkTime,
        DEFAULT_RESTART_WAIT,
        false,
        ExactRowCount.Mode.ESTIMATE,
        true,
        false);
  }

  /** Options that run the job in the embedded MiniCluster. */
  public MigrationOptions(
      ServerAddress server,
      TableRef table,
      String alter,
      boolean execute,
      int parallelism,
      int chunkSize,
      Duration chunkTime,
      Duration checkpointInterval,
      Duration cutOverLockTimeout,
      int maxCutOverAttempts,
      Duration cutOverMaxLag,
      boolean okToDropTable,
      boolean initiallyDropGhostTable,
      boolean initiallyDropOldTable,
      Path stateDir,
      int serverId,
      CopyMode copyMode,
      ThrottleSettings throttle,
      boolean checksum,
      HookSettings hooks,
      Path postponeFlagFile,
      MoveTarget move) {
    this(
        server,
        table,
        alter,
        execute,
        parallelism,
        chunkSize,
        chunkTime,
        checkpointInterval,
        cutOverLockTimeout,
        maxCutOverAttempts,
        cutOverMaxLag,
        okToDropTable,
        initiallyDropGhostTable,
        initiallyDropOldTable,
        stateDir,
        serverId,
        copyMode,
        throttle,
        checksum,
        hooks,
        postponeFlagFile,
        move,
        null,
        0,
        DeferredIndexes.Mode.AUTO,
        DEFAULT_QUIET_CHUNK_TIME);
  }

  /** An ALTER's options (no move). */
  public MigrationOptions(
      ServerAddress server,
      TableRef table,
      String alter,
      boolean execute,
      int parallelism,
      int chunkSize,
      Duration chunkTime,
      Duration checkpointInterval,
      Duration cutOverLockTimeout,
      int maxCutOverAttempts,
      Duration cutOverMaxLag,
      boolean okToDropTable,
      boolean initiallyDropGhostTable,
      boolean initiallyDropOldTable,
      Path stateDir,
      int serverId,
      CopyMode copyMode,
      ThrottleSettings throttle,
      boolean checksum,
      HookSettings hooks,
      Path postponeFlagFile) {
    this(
        server,
        table,
        alter,
        execute,
        parallelism,
        chunkSize,
        chunkTime,
        checkpointInterval,
        cutOverLockTimeout,
        maxCutOverAttempts,
        cutOverMaxLag,
        okToDropTable,
        initiallyDropGhostTable,
        initiallyDropOldTable,
        stateDir,
        serverId,
        copyMode,
        throttle,
        checksum,
        hooks,
        postponeFlagFile,
        null);
  }

  /** These options as a move to {@code target} (for tests and the CLI's move command). */
  public MigrationOptions movingTo(MoveTarget target) {
    return with(
        c -> {
          c.alter = "";
          c.copyMode = CopyMode.STREAM;
          c.move = target;
          c.attemptInstantDdl = false;
        });
  }

  /** These options with the job on {@code session}'s cluster (null: the embedded MiniCluster). */
  public MigrationOptions onCluster(FlinkSession session) {
    return with(c -> c.flink = session);
  }

  /** These options with {@code --defer-secondary-indexes} at {@code mode}. */
  public MigrationOptions deferringIndexes(DeferredIndexes.Mode mode) {
    return with(c -> c.deferIndexes = mode);
  }

  /**
   * These options for {@code table} with its state in {@code stateDir}: the names as the server
   * stores them, once the flags are checked.
   */
  public MigrationOptions named(TableRef table, Path stateDir) {
    return with(
        c -> {
          c.table = table;
          c.stateDir = stateDir;
        });
  }

  /** These options with the table's rows counted as {@code mode} says (gh-ost's flags). */
  public MigrationOptions countingRows(ExactRowCount.Mode mode) {
    return with(c -> c.rowCount = mode);
  }

  /** These options with {@code --attempt-instant-ddl} on or off. */
  public MigrationOptions attemptingInstantDdl(boolean attempt) {
    return with(c -> c.attemptInstantDdl = attempt);
  }

  /** These options waiting {@code wait} for a server that restarted (0: failing at once). */
  public MigrationOptions waitingForRestart(Duration wait) {
    return with(c -> c.restartWait = wait);
  }

  /** These options with the ghost table analyzed before the swap, or not. */
  public MigrationOptions analyzingTable(boolean analyze) {
    return with(c -> c.analyzeTable = analyze);
  }

  /** These options with the old table renamed after the swap to a name with its time, or not. */
  public MigrationOptions timestampingOldTable(boolean stamp) {
    return with(c -> c.timestampOldTable = stamp);
  }

  /** The components the withers change, copied from these options for one of them to change. */
  private static final class Changes {
    TableRef table;
    Path stateDir;
    String alter;
    CopyMode copyMode;
    MoveTarget move;
    FlinkSession flink;
    DeferredIndexes.Mode deferIndexes;
    Duration restartWait;
    boolean attemptInstantDdl;
    ExactRowCount.Mode rowCount;
    boolean analyzeTable;
    boolean timestampOldTable;

    Changes(MigrationOptions o) {
      table = o.table;
      stateDir = o.stateDir;
      alter = o.alter;
      copyMode = o.copyMode;
      move = o.move;
      flink = o.flink;
      deferIndexes = o.deferIndexes;
      restartWait = o.restartWait;
      attemptInstantDdl = o.attemptInstantDdl;
      rowCount = o.rowCount;
      analyzeTable = o.analyzeTable;
      timestampOldTable = o.timestampOldTable;
    }
  }

  /** These options with what {@code change} changes; checked again as any options are. */
  private MigrationOptions with(java.util.function.Consumer<Changes> change) {
    Changes c = new Changes(this);
    change.accept(c);
    return new MigrationOptions(
        server,
        c.table,
        c.alter,
        execute,
        parallelism,
        chunkSize,
        chunkTime,
        checkpointInterval,
        cutOverLockTimeout,
        maxCutOverAttempts,
        cutOverMaxLag,
        okToDropTable,
        initiallyDropGhostTable,
        initiallyDropOldTable,
        c.stateDir,
        serverId,
        c.copyMode,
        throttle,
        checksum,
        hooks,
        postponeFlagFile,
        c.move,
        c.flink,
        quietParallelism,
        c.deferIndexes,
        quietChunkTime,
        c.restartWait,
        c.attemptInstantDdl,
        c.rowCount,
        c.analyzeTable,
        c.timestampOldTable);
  }

  /**
   * Copy readers while no other session changes rows on the server: {@code quietParallelism} when
   * given, else {@link #DEFAULT_QUIET_PARALLELISM} on the embedded MiniCluster and {@code
   * parallelism} on a Flink cluster (whose slots the operator sized for it); never fewer than
   * {@code parallelism}.
   */
  public int quietReaders() {
    int quiet =
        quietParallelism > 0
            ? quietParallelism
            : flink == null ? DEFAULT_QUIET_PARALLELISM : parallelism;
    return Math.max(parallelism, quiet);
  }

  /**
   * How many rows each copy chunk takes. A move keeps to {@code --chunk-time}: its planner reads
   * the target server, where nobody writes, not the source the application writes to.
   */
  public ChunkSizing chunking() {
    return chunkTime.isZero()
        ? ChunkSizing.fixed(chunkSize)
        : ChunkSizing.adaptive(chunkSize, chunkTime, move == null ? quietChunkTime : Duration.ZERO);
  }

  // 0 (none) or from 10 ms to 60 s: a chunk time either flag takes
  private static boolean isChunkTime(Duration time) {
    return time.isZero() || (time.toMillis() >= 10 && time.compareTo(Duration.ofSeconds(60)) <= 0);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
