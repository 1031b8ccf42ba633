package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.cutover.CutoverFailedException;
import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.cutover.MoveCutover;
import io.ghostflink.controller.cutover.OwnershipAmbiguousException;
import io.ghostflink.controller.cutover.SameServerCutover;
import io.ghostflink.controller.flink.JobRunner;
import io.ghostflink.controller.hooks.Hooks;
import io.ghostflink.controller.lock.MigrationLock;
import io.ghostflink.controller.lock.MigrationLockHeldException;
import io.ghostflink.controller.lock.ServerBoot;
import io.ghostflink.controller.preflight.FactsReader;
import io.ghostflink.controller.preflight.MoveChecks;
import io.ghostflink.controller.preflight.Preflight;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.controller.preflight.TableFacts;
import io.ghostflink.controller.progress.ProgressReader;
import io.ghostflink.controller.recheck.Rechecks;
import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.controller.schema.AutoIncrementCounter;
import io.ghostflink.controller.schema.CheckNames;
import io.ghostflink.controller.throttle.ControlSocket;
import io.ghostflink.controller.throttle.CriticalLoadException;
import io.ghostflink.controller.throttle.Throttler;
import io.ghostflink.controller.verify.Checksum;
import io.ghostflink.controller.verify.ChecksumPlan;
import io.ghostflink.controller.verify.OriginalTables;
import io.ghostflink.controller.verify.UnreadableChanges;
import io.ghostflink.job.EmbeddedWarmup;
import io.ghostflink.job.JobSpec;
import io.ghostflink.job.MigrationJobMain;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.ServerZones;
import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.mapping.GhostKeys;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration from preflight to cleanup, a phase at a time (see {@link MigrationPhase}): the
 * linear runner of the lifecycle in ../DESIGN.md. Every failure before the swap leaves the original
 * table as it was.
 */
public final class MigrationController {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationController.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration END_POLL = Duration.ofMillis(20);

  /** The ALTER clause of the run, kept in the state directory for {@code ghostflink resume}. */
  public static final String ALTER_FILE = "alter.sql";

  /** Where the migration's job runs when not embedded: the REST URL of its Flink cluster. */
  static final String CLUSTER_FILE = "flink-cluster";

  /**
   * The ALTER clause of the last swap, kept in the state directory for {@code ghostflink verify}.
   */
  public static final String SWAPPED_ALTER_FILE = "swapped-alter.sql";

  /**
   * The name {@code --timestamp-old-table} gave the old table after the swap, for {@code ghostflink
   * verify}; absent when it kept {@code _t_del}.
   */
  public static final String SWAPPED_OLD_TABLE_FILE = "swapped-old-table";

  private static final Duration HEARTBEAT = Duration.ofMillis(100);

  /** How often rows kept out by a unique key are copied again before they fail the migration. */
  private static final int RECHECK_ROUNDS = 4;

  /** Rows per range the checksum compares (a digest of each side per range). */
  private static final int CHECKSUM_RANGE_ROWS = 10_000;

  private static final Duration LOCK_KEEPALIVE = Duration.ofSeconds(1);

  /** What an operator runs to go on with a stopped migration. */
  public static final String RESUME_COMMAND = "ghostflink resume (same connection and table flags)";

  /** How many restarts of its servers one migration rides out (docs/operations.md). */
  private static final int MAX_RESTARTS = 5;

  /** How often a run whose server stopped answering tries to reach it again. */
  private static final Duration RESTART_POLL = Duration.ofSeconds(1);

  /** How often the copy and apply look for changes the job cannot read or follow. */
  private static final Duration UNREADABLE_CHECK = Duration.ofSeconds(1);

  /** Every how many of those looks the sessions' variables are read too (partial JSON). */
  private static final int SESSIONS_EVERY = 5;

  /** The state file with the server's counts of unreadable changes when the run began. */
  static final String UNREADABLE_FILE = "binlog-counts";

  /** The state file with the originals' identities when the run began ("-": unknown). */
  static final String ORIGINAL_IDS_FILE = "original-table-ids";

  private final MigrationOptions options;
  private final MigrationListener listener;
  private final CutoverHook hook;
  private final TableRef table;
  private final AlterClause alter;
  private MigrationPhase phase = MigrationPhase.PREFLIGHT;

  /** Where a move takes the table; null for an ALTER. */
  private final MoveTarget move;

  /**
   * The table the job writes: the ghost {@code _t_gho} beside the original for an ALTER, the table
   * of the same name in the target database for a move.
   */
  private final TableRef ghost;

  /** The job's progress table, in the ghost's database. */
  private final TableRef progressTable;

  /** The tables a move takes with {@link #table}, in the same job and cut-over. */
  private final List<TableRef> alsoMoved;

  /** Preflight's facts of {@link #alsoMoved}. */
  private final Map<TableRef, TableFacts> moreFacts = new LinkedHashMap<>();

  /** The server, with the sql_mode every session of this migration writes in. */
  private ServerAddress server;

  // --defer-secondary-indexes auto's first reading of what other sessions write; null otherwise
  private WritersAtStart writersAtStart;

  /** The server of the ghost and progress tables: {@link #server}, or a move's target. */
  private ServerAddress target;

  /**
   * The server the job reads the rows and the binlog from: {@link #server}, or the replica a move
   * reads ({@code --source-replica-host}).
   */
  private ServerAddress reader;

  /** The GTID set of the last move's drain point, for the on-success hooks. */
  private volatile String drainGtids;

  private volatile boolean lockLost;

  /** When the servers whose migration locks this run holds had started, as it took them. */
  private final List<ServerBoot> boots = new ArrayList<>();

  /** The phase a failed run failed in. */
  private MigrationPhase failedIn;

  /** The run that took over after a server restarted under this one ({@link #rideRestarts}). */
  private volatile MigrationController successor;

  private volatile boolean pauseRequested;
  private volatile boolean panicked;

  // what panicked: the interactive command, or the panic flag file
  private volatile String panicSource = "interactive command panic";
  private volatile MigrationListener.Progress lastProgress;
  private ControlSocket socket;
  private Heartbeat heartbeat;
  private Throttler throttler;
  private volatile String throttled;
  private volatile CriticalLoadException criticalLoad;

  /** Watches the binlog the job reads for changes it cannot read; null when it cannot. */
  private UnreadableChanges unreadable;

  /** Watches the originals for a TRUNCATE or an ALTER the job cannot follow. */
  private OriginalTables originals;

  /**
   * Why the migration must stop before its swap: changes the job could not read or follow (or
   * null).
   */
  private volatile String stopBeforeSwap;

  private long lastUnreadableCheckNanos = System.nanoTime();
  private long unreadableChecks;
  private final Hooks hooks;
  private long startedNanos = System.nanoTime();

  /** When this run started, on the wall clock: the time in a timestamped old table's name. */
  private java.time.Instant startedAt = java.time.Instant.now();

  private long copyStartNanos;
  private long copyEndNanos;

  /**
   * For a run restored from a checkpoint or savepoint, the rows the stopped run had counted as
   * copied; 0 for a fresh run. This run's copy rate counts the rest.
   */
  private long copiedBefore;

  /** The progress's total: the server's estimate, or {@code --exact-rowcount}'s count once done. */
  private long estimatedRows;

  /** gh-ost's {@code --exact-rowcount} while it counts; null before, after, and without it. */
  private ExactRowCount rowCount;

  private long lastStatusHookNanos = System.nanoTime();
  private boolean beganPostponed;
  private String executingHost;

  public MigrationController(
      MigrationOptions options, MigrationListener listener, CutoverHook hook) {
    this.options = options;
    this.listener = listener;
    this.hook = hook;
    this.table = options.table();
    this.alter = AlterClause.parse(options.alter());
    this.move = options.move();
    this.ghost = move == null ? table.ghost() : table.in(move.database());
    this.progressTable = table.progress().in(ghost.database());
    this.alsoMoved =
        move == null ? List.of() : move.moreTables().stream().map(table::sibling).toList();
    this.hooks =
        options.hooks().path() == null
            ? Hooks.NONE
            : new Hooks(options.hooks().path(), options.hooks().timeout(), this::hookContext);
  }

  /** What every hook is told, as gh-ost tells it (docs/operations.md, "Hooks"). */
  private Map<String, String> hookContext() {
    MigrationListener.Progress p = lastProgress;
    long copyEnd = copyEndNanos != 0 ? copyEndNanos : System.nanoTime();
    if (executingHost == null) {
      // looked up once: a slow resolver must not delay every hook
      try {
        executingHost = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        executingHost = "localhost";
      }
    }
    Map<String, String> env =
        Hooks.environment(
            table.database(),
            table.table(),
            ghost.table(),
            oldTable(table).table(),
            alter.text(),
            (System.nanoTime() - startedNanos) / 1e9,
            copyStartNanos == 0 ? 0 : (copyEnd - copyStartNanos) / 1e9,
            estimatedRows,
            p == null ? 0 : p.copiedRows(),
            options.server().host() + ":" + options.server().port(),
            executingHost,
            options.hooks().hint(),
            !options.execute());
    env.put("GHOSTFLINK_PHASE", phase.name());
    if (move != null) {
      env.put(
          "GHOSTFLINK_TABLES", String.join(",", moved().stream().map(TableRef::table).toList()));
      env.put("GH_OST_TARGET_HOST", move.server().host() + ":" + move.server().port());
      env.put("GH_OST_TARGET_DATABASE_NAME", move.database());
      env.put("GH_OST_DRAIN_GTID", drainGtids == null ? "" : drainGtids);
    }
    return env;
  }

  /** Runs {@code event}'s hooks; a failing one that aborts fails the migration, table intact. */
  private void runHooks(Hooks.Event event, Map<String, String> extra)
      throws MigrationFailedException {
    try {
      hooks.run(event, extra);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(event.ghostName() + " hooks interrupted; " + table + " is intact", e);
    } catch (Hooks.HookFailedException e) {
      throw fail(
          event.ghostName()
              + ": "
              + e.getMessage()
              + "; "
              + table
              + " is intact"
              + (phase == MigrationPhase.PREFLIGHT ? "" : "; " + leftBehind()),
          e);
    }
  }

  private void runHooks(Hooks.Event event) throws MigrationFailedException {
    runHooks(event, Map.of());
  }

  /** Runs the on-failure hooks (whose own failures are only logged) for {@code cause}. */
  private void failureHooks(Exception cause) {
    try {
      hooks.run(
          Hooks.Event.FAILURE, Map.of("GHOSTFLINK_FAILURE", String.valueOf(cause.getMessage())));
    } catch (Hooks.HookFailedException e) {
      LOG.warn("{}", e.getMessage()); // not thrown: on-failure hooks do not abort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the on-success hooks; what failed, or null. The swap stands either way. */
  private String successHooks() {
    return successHooks(Map.of());
  }

  private String successHooks(Map<String, String> extra) {
    try {
      hooks.run(Hooks.Event.SUCCESS, extra);
      return null;
    } catch (Hooks.HookFailedException e) {
      String line =
          "the swap is done, but " + Hooks.Event.SUCCESS.ghostName() + ": " + e.getMessage();
      listener.message(line);
      LOG.warn("{}", line);
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the swap is done, but the on-success hooks were interrupted";
    }
  }

  /**
   * Preflight only: the plan, or the first problem. Leaves nothing behind. It takes the migration
   * lock for a moment, so a migration of the table that is running is named first.
   *
   * @throws MigrationLockHeldException another migration of the table runs
   */
  public MigrationPlan plan() throws PreflightException, MigrationLockHeldException, SQLException {
    server = writeMode(null);
    try (MigrationLock probe =
            MigrationLock.acquire(options.server(), table, () -> {}, Duration.ofMinutes(1));
        Connection c = Connections.open(server, table.database())) {
      return plan(c, FactsReader.read(c, table, alter, server.sqlMode()), false, false);
    }
  }

  /**
   * The server with the sql_mode of this migration's sessions ({@code SqlModes}) and the time zone
   * its writes convert in ({@code ServerAddress.zoneHint}): a resumed run keeps its paused run's.
   */
  private ServerAddress writeMode(JobSpec paused) throws SQLException {
    ServerAddress source =
        paused != null
            ? options.server().withWritesOf(paused.primary())
            : Connections.withWriteMode(options.server(), table.database());
    // a move writes the target in the source's mode: the rows arrive as the source has them
    target = move == null ? source : move.server().withWritesOf(source);
    reader =
        move == null || move.sourceReplica() == null
            ? source
            : move.sourceReplica().withWritesOf(source);
    return source;
  }

  /**
   * @param resuming a resume: the ghost tables it finds are dropped if it starts over
   * @param restored a resume that restores its savepoint or checkpoint: it keeps them
   */
  private MigrationPlan plan(Connection c, TableFacts facts, boolean resuming, boolean restored)
      throws PreflightException {
    List<String> notes =
        new ArrayList<>(
            Preflight.run(
                facts,
                Preflight.checks(
                    resuming || options.initiallyDropGhostTable(),
                    options.initiallyDropOldTable(),
                    restored)));
    if (move != null) {
      for (TableRef other : alsoMoved) {
        // the other tables pass the same preflight; their facts are kept for prepare
        TableFacts f;
        try {
          f = FactsReader.read(c, other, alter, facts.sqlMode());
        } catch (SQLException e) {
          throw new PreflightException("cannot read " + other + ": " + e.getMessage());
        }
        for (String note :
            Preflight.run(
                f,
                Preflight.checks(
                    resuming || options.initiallyDropGhostTable(),
                    options.initiallyDropOldTable(),
                    restored))) {
          notes.add(other.table() + ": " + note);
        }
        moreFacts.put(other, f);
      }
      if (!alsoMoved.isEmpty()) {
        notes.add(
            "moves "
                + String.join(", ", moved().stream().map(TableRef::table).toList())
                + " together: one job, one cut-over (one RENAME of them all)");
      }
      for (TableRef moved : moved()) {
        if (!restored) { // a restored run keeps its table; one that starts over drops it
          notes.addAll(
              MoveChecks.target(
                  target,
                  moved,
                  moved.in(ghost.database()),
                  factsOf(moved, facts).originalColumns(),
                  definition(factsOf(moved, facts)),
                  resuming || options.initiallyDropGhostTable()));
        }
        if (move.sourceReplica() != null) {
          notes.add(MoveChecks.replica(reader, moved, factsOf(moved, facts).originalColumns()));
        }
      }
    }
    if (move == null && options.deferIndexes() != DeferredIndexes.Mode.OFF) {
      DeferredIndexes deferred = DeferredIndexes.of(facts.trial().createTable());
      if (deferred.any()) {
        notes.add(
            "secondary indexes "
                + String.join(", ", deferred.names())
                + " are built after the copy"
                + (options.deferIndexes() == DeferredIndexes.Mode.AUTO
                    ? " if the server has no replica and no other session writes as the copy"
                        + " starts (--defer-secondary-indexes auto)"
                    : " (--defer-secondary-indexes on)"));
      }
    }
    if (move == null) {
      try {
        List<String> lost = CheckNames.lostBySwap(c, table);
        if (!lost.isEmpty()) {
          notes.add(
              "CHECK constraints "
                  + String.join(", ", lost)
                  + " are named "
                  + table.table()
                  + "_chk_1, … after the swap: MySQL names CHECK constraints per database, and"
                  + " the new table is built beside the original (gh-ost and Spirit rename them"
                  + " alike)");
        }
      } catch (SQLException e) {
        throw new PreflightException(
            "cannot read the CHECK constraints of " + table + ": " + e.getMessage());
      }
    }
    TableSchema original = facts.original().orElseThrow();
    ColumnMapping mapping = facts.mapping().orElseThrow();
    Map<String, String> pairs = new LinkedHashMap<>();
    int[] sources = mapping.sourceColumns();
    for (int i = 0; i < sources.length; i++) {
      pairs.put(mapping.ghostColumns().get(i), original.columns().get(sources[i]).name());
    }
    List<String> newColumns = new ArrayList<>();
    for (Column g : facts.trial().columns()) {
      if (!pairs.containsKey(g.name())) {
        newColumns.add(
            g.name()
                + (g.generated()
                    ? " (generated)"
                    : g.defaultExpression() ? " (default " + g.defaultValue() + ")" : ""));
      }
    }
    List<String> keyNames = new ArrayList<>();
    original.keyColumnList().forEach(k -> keyNames.add(k.name()));
    return new MigrationPlan(
        table,
        alter.text(),
        facts.trial().createTable(),
        pairs,
        ColumnMapper.unmapped(original, mapping),
        newColumns,
        original.keyName() + " " + keyNames,
        facts.estimatedRows(),
        facts.trial().instant(),
        facts.sqlMode(),
        server.timeZone(),
        notes);
  }

  /**
   * Runs the whole migration.
   *
   * @throws PreflightException a problem the operator can fix; nothing was changed
   * @throws MigrationLockHeldException another migration of the table runs
   * @throws MigrationFailedException stopped before the swap; the original is intact
   * @throws MigrationPausedException paused on request ({@link #requestPause()}); resumable
   * @throws OwnershipAmbiguousException the swap's outcome could not be read; a human must look
   */
  public MigrationSummary execute()
      throws PreflightException,
          MigrationLockHeldException,
          MigrationFailedException,
          MigrationPausedException,
          OwnershipAmbiguousException,
          SQLException {
    return rideRestarts(false);
  }

  /**
   * Continues a paused migration from its savepoint, with this controller's parallelism (which may
   * differ from the paused run's) and cut-over settings.
   *
   * @throws PreflightException nothing to resume, or the tables changed since the pause
   */
  public MigrationSummary resume()
      throws PreflightException,
          MigrationLockHeldException,
          MigrationFailedException,
          MigrationPausedException,
          OwnershipAmbiguousException,
          SQLException {
    return rideRestarts(true);
  }

  /** The phases in which a run that failed because its server restarted goes on by itself. */
  private static final java.util.Set<MigrationPhase> RESUMABLE_AFTER_RESTART =
      java.util.EnumSet.of(
          MigrationPhase.COPY,
          MigrationPhase.APPLY,
          MigrationPhase.CHECKSUM,
          MigrationPhase.CUTOVER);

  /**
   * Runs the migration; when it fails because MySQL restarted under it (a crash, an upgrade: every
   * session ended, the migration lock's too), waits up to {@code --wait-for-restart} for the server
   * to answer and goes on as {@code ghostflink resume} would, from the last checkpoint, in a run
   * that takes the migration lock again. The on-failure hooks run once, when it gives up.
   */
  private MigrationSummary rideRestarts(boolean resuming)
      throws PreflightException,
          MigrationLockHeldException,
          MigrationFailedException,
          MigrationPausedException,
          OwnershipAmbiguousException,
          SQLException {
    MigrationController run = this;
    for (int restarts = 0; ; restarts++) {
      try {
        return run.start(resuming);
      } catch (MigrationFailedException e) {
        MigrationFailedException failure = e;
        try {
          Optional<String> restarted = run.restartedServer(e);
          if (restarted.isPresent() && restarts == MAX_RESTARTS) {
            // a server that keeps crashing: each run restores the job and reads the binlog again
            failure =
                new MigrationFailedException(
                    MigrationPhase.FAILED,
                    restarted.get()
                        + " for the "
                        + (MAX_RESTARTS + 1)
                        + "th time during the migration; "
                        + table
                        + " is intact; once the server is stable, go on with: "
                        + RESUME_COMMAND,
                    e);
          } else if (restarted.isPresent()) {
            String line =
                restarted.get()
                    + " while the migration was in "
                    + run.failedIn
                    + "; "
                    + table
                    + " is intact; resuming from the last checkpoint";
            LOG.warn("{} ({})", line, e.getMessage());
            listener.message(line);
            run = new MigrationController(options, listener, hook);
            successor = run;
            if (pauseRequested) {
              run.requestPause();
            }
            resuming = true;
            continue;
          }
        } catch (MigrationFailedException unanswered) {
          failure = unanswered;
        }
        listener.phase(failure.phase());
        run.failureHooks(failure);
        throw failure;
      }
    }
  }

  /**
   * Whether the run failed because a server it holds a migration lock on restarted: waits up to
   * {@code --wait-for-restart} for each to answer and compares when it started with when it had
   * started as the lock was taken.
   *
   * @return which server restarted; empty for any other failure
   * @throws MigrationFailedException a server did not answer within the wait
   */
  private Optional<String> restartedServer(MigrationFailedException e)
      throws MigrationFailedException {
    if (options.restartWait().isZero()
        || failedIn == null
        || !RESUMABLE_AFTER_RESTART.contains(failedIn)) {
      return Optional.empty();
    }
    // what failed, without what the failure left behind (a run that goes on drops it) or
    // Connector/J's further lines, which the one error line would cut
    String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    reason = reason.contains("; ") ? reason.substring(0, reason.indexOf("; ")) : reason;
    Optional<String> restarted = Optional.empty();
    for (ServerBoot before : boots) {
      String where = "MySQL at " + before.server().host() + ":" + before.server().port();
      Optional<ServerBoot> now;
      try {
        now = before.awaitAnswer(Duration.ZERO, RESTART_POLL);
        if (now.isEmpty()) {
          String line =
              where
                  + " does not answer ("
                  + reason
                  + "); waiting up to "
                  + options.restartWait().toSeconds()
                  + " s for it to restart";
          LOG.warn("{}", line);
          listener.message(line);
          now = before.awaitAnswer(options.restartWait(), RESTART_POLL);
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      if (now.isEmpty()) {
        throw new MigrationFailedException(
            MigrationPhase.FAILED,
            where
                + " did not answer within --wait-for-restart "
                + options.restartWait().toSeconds()
                + " s ("
                + reason
                + "); "
                + table
                + " is intact; once the server is back, go on with: "
                + RESUME_COMMAND,
            e);
      }
      if (restarted.isEmpty() && now.get().restartedSince(before)) {
        restarted = Optional.of(where + " restarted");
      }
    }
    return restarted;
  }

  /** The newest completed checkpoint a crashed run left in {@code stateDir}, if any. */
  public static Optional<String> newestCheckpoint(java.nio.file.Path stateDir)
      throws java.io.IOException {
    return PausedRun.newestCheckpoint(stateDir);
  }

  /**
   * Where the move stopped in {@code stateDir} was taking {@code table} (its target server, as
   * recorded, and database), or empty when it holds a migration.
   *
   * @throws PreflightException nothing to resume there
   */
  public static Optional<MoveTarget> pausedMove(
      java.nio.file.Path stateDir, TableRef table, Duration drainTimeout)
      throws PreflightException {
    JobSpec spec = PausedRun.read(stateDir, table).spec();
    return spec.isMove()
        ? Optional.of(
            new MoveTarget(
                spec.target(),
                spec.ghost().database(),
                drainTimeout,
                spec.readsReplica() ? spec.source() : null,
                spec.more().stream().map(t -> t.original().table()).toList()))
        : Optional.empty();
  }

  /** The Flink cluster the migration in {@code stateDir} ran its job on, if not embedded. */
  public static Optional<java.net.URI> recordedCluster(java.nio.file.Path stateDir)
      throws java.io.IOException {
    return StateFile.read(stateDir, CLUSTER_FILE).map(java.net.URI::create);
  }

  private void recordCluster() throws java.io.IOException {
    StateFile.write(
        options.stateDir(),
        CLUSTER_FILE,
        options.flink() == null ? null : options.flink().restUrl().toString());
  }

  /**
   * A controller that was killed leaves its job running on a session cluster: cancel it (and any
   * other job of the same run) before resuming from its latest checkpoint, so two jobs never write
   * the same ghost table.
   */
  private void cancelLeftoverJobs() throws PreflightException {
    JobSpec stopped = PausedRun.read(options.stateDir(), table).spec();
    try (JobRunner cluster =
        JobRunner.remote(options.flink(), CheckpointStore.root(options.stateDir()))) {
      int cancelled =
          cluster.cancelLeftovers(stopped, PausedRun.recordedJob(options.stateDir()).orElse(null));
      if (cancelled > 0) {
        String line =
            "cancelled the stopped run's Flink job still running on "
                + options.flink().restUrl()
                + "; resuming from its latest checkpoint";
        say(line);
      }
    } catch (IllegalArgumentException e) {
      throw new PreflightException(e.getMessage());
    } catch (Exception e) {
      throw new PreflightException(
          "could not reach the Flink cluster at "
              + options.flink().restUrl()
              + " to stop the stopped run's job: "
              + e.getMessage());
    }
  }

  /** Whether a paused run left a savepoint in {@code stateDir}. */
  public static boolean hasSavepoint(java.nio.file.Path stateDir) {
    return java.nio.file.Files.isRegularFile(stateDir.resolve(PausedRun.SAVEPOINT_FILE));
  }

  private void lockWait(String line) {
    LOG.warn("{}", line);
    listener.message(line);
  }

  /** Asks a running migration to stop with a savepoint at its next poll (within 200 ms). */
  public void requestPause() {
    pauseRequested = true;
    MigrationController next = successor;
    if (next != null) {
      next.requestPause();
    }
  }

  /**
   * The migration lock of {@code onTarget} on a move's target: the target's first session, so a
   * refused login there is said as the target's (its flags), not as the source's.
   */
  private MigrationLock targetLock(TableRef onTarget)
      throws PreflightException, MigrationLockHeldException {
    try {
      return MigrationLock.acquire(move.server(), onTarget, () -> lockLost = true, LOCK_KEEPALIVE);
    } catch (SQLException e) {
      throw MoveChecks.unreachableTarget(move.server(), e);
    }
  }

  private MigrationSummary start(boolean resuming)
      throws PreflightException,
          MigrationLockHeldException,
          MigrationFailedException,
          MigrationPausedException,
          OwnershipAmbiguousException,
          SQLException {
    long started = System.nanoTime();
    startedNanos = started;
    startedAt = java.time.Instant.now();
    listener.phase(phase);
    try (MigrationLock lock =
            MigrationLock.acquire(options.server(), table, () -> lockLost = true, LOCK_KEEPALIVE);
        MigrationLock targetLock = move == null ? null : targetLock(ghost);
        Held othersLocked = lockOthers();
        LockWaits waits = LockWaits.watch(options.server(), this::lockWait);
        LockWaits targetWaits =
            move == null ? null : LockWaits.watch(move.server(), this::lockWait)) {
      boots.add(lock.boot());
      if (targetLock != null) {
        boots.add(targetLock.boot());
      }
      try {
        return locked(resuming, started, lock);
      } catch (MigrationPausedException | MigrationFailedException e) {
        throw e; // a failed run's hooks run when it is not taken over (rideRestarts)
      } catch (Exception e) {
        failureHooks(e);
        throw e;
      } finally {
        closeWritersAtStart();
      }
    }
  }

  /**
   * The migration locks of the other tables a move takes, on the source and on the target: a
   * migration or move of any of them fails fast while this one runs.
   */
  private Held lockOthers() throws SQLException, MigrationLockHeldException, PreflightException {
    List<MigrationLock> locks = new ArrayList<>();
    Held all =
        () -> {
          for (MigrationLock l : locks) {
            l.close();
          }
        };
    try {
      for (TableRef other : alsoMoved) {
        locks.add(
            MigrationLock.acquire(options.server(), other, () -> lockLost = true, LOCK_KEEPALIVE));
        locks.add(targetLock(other.in(ghost.database())));
      }
      return all;
    } catch (SQLException | MigrationLockHeldException | PreflightException | RuntimeException e) {
      for (MigrationLock l : locks) {
        l.close();
      }
      throw e;
    }
  }

  /** Locks held until closed; closing does not fail. */
  @FunctionalInterface
  private interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** {@link #start} while this run holds the migration lock. */
  private MigrationSummary locked(boolean resuming, long started, MigrationLock lock)
      throws PreflightException,
          MigrationFailedException,
          MigrationPausedException,
          OwnershipAmbiguousException,
          SQLException {
    if (options.throttle().panicFlagged()) {
      throw new PreflightException(
          options.throttle().panicFlagFile()
              + " exists (--panic-flag-file): a migration stops at once while it does; remove it"
              + " to go on");
    }
    if (options.flink() == null) {
      // the embedded job's one-time start work, done while this run prepares, not while it copies
      EmbeddedWarmup.start();
    }
    if (move == null && options.deferIndexes() == DeferredIndexes.Mode.AUTO) {
      writersAtStart = WritersAtStart.watch(options.server()); // whether others write, at PREPARE
    }
    runHooks(Hooks.Event.STARTUP);
    {
      TableFacts facts;
      MigrationPlan plan;
      if (resuming && options.flink() != null) {
        cancelLeftoverJobs();
      }
      PausedRun paused = resuming ? PausedRun.read(options.stateDir(), table) : null;
      if (paused != null && (move != null) != paused.spec().isMove()) {
        throw new PreflightException(
            options.stateDir()
                + " holds a "
                + (paused.spec().isMove() ? "move" : "migration")
                + " of "
                + table
                + ", not a "
                + (move != null ? "move" : "migration"));
      }
      server = writeMode(resuming ? paused.spec() : null);
      try (Connection c = Connections.open(server, table.database())) {
        if (resuming && move != null) {
          if (settleMove(c)) {
            return finishSwapped(started);
          }
        } else if (resuming
            && CutoverRemains.settle(c, paused.spec()) == CutoverRemains.Outcome.SWAPPED) {
          return finishSwapped(started);
        }
        facts = FactsReader.read(c, table, alter, server.sqlMode());
        plan = plan(c, facts, resuming, restored(paused));
        if (restored(paused) && move != null) {
          try (Connection t = Connections.open(target, ghost.database());
              Connection r = Connections.open(reader, table.database())) {
            paused.requireResumable(c, t, r, facts);
          }
        } else if (restored(paused)) {
          paused.requireResumable(c, facts);
        }
      }
      LOG.info("{}", plan.describe());
      plan.notes().forEach(listener::message);
      estimatedRows = facts.estimatedRows();
      runHooks(Hooks.Event.VALIDATED);
      if (options.rowCount() == ExactRowCount.Mode.ESTIMATE) {
        runHooks(Hooks.Event.ROWCOUNT_COMPLETE);
      }
      if (resuming && !restored(paused)) {
        // killed before its first checkpoint: nothing to restore, and nothing swapped
        String line =
            "the stopped run of "
                + table
                + " had completed no checkpoint; nothing was swapped and "
                + table
                + " is untouched: starting over";
        say(line);
      }
      if (!resuming) {
        createPostponeFlagFile();
      }
      if (!resuming && options.attemptInstantDdl()) {
        Optional<MigrationSummary> instant = attemptInPlace(facts, started, lock);
        if (instant.isPresent()) {
          return instant.get();
        }
      }
      JobRunner runner = null;
      try {
        if (options.rowCount() != ExactRowCount.Mode.ESTIMATE) {
          // after an in-place ALTER's attempt: done in place, it has no rows to count
          rowCount = ExactRowCount.start(options.server(), table);
          if (options.rowCount() == ExactRowCount.Mode.BEFORE_COPY) {
            counted(awaitRowCount());
          }
        }
        moveTo(MigrationPhase.PREPARE);
        if (resuming && !restored(paused)) {
          PausedRun.deleteCheckpoints(options.stateDir());
        }
        if (options.flink() != null && options.flink().checkpointDir() != null) {
          CheckpointStore.record(options.stateDir(), options.flink().checkpointDir());
        } else if (!resuming) {
          CheckpointStore.record(options.stateDir(), null); // a fresh run: the state dir itself
        }
        // the job's runtime before the binlog start is read (prepare): an embedded MiniCluster
        // takes seconds to start, and the job applies every change of those seconds as a backlog
        // at full speed beside the writers once it runs (docs/benchmarks.md, session 31)
        runner =
            JobRunner.start(
                options.flink(),
                CheckpointStore.root(options.stateDir()),
                JobSpec.copyReaders(
                    !server.sameServer(target), options.parallelism(), options.quietReaders()));
        unreadable = watchUnreadableChanges(facts, restored(paused));
        originals = watchOriginals(facts, restored(paused));
        JobSpec spec = restored(paused) ? resumeSpec(paused.spec()) : prepare(facts, resuming);
        PausedRun.clear(options.stateDir());
        heartbeat.write(ChangelogSql.COMMAND, ""); // a resumed run must not pause again at once
        // on a Flink cluster, no password travels in the job graph or lies in the state dir
        JobSpec submitted =
            options.flink() == null
                ? spec
                : spec.withPasswordsFrom(
                    options.flink().passwordFrom(), options.flink().targetPasswordFrom());
        MigrationJobMain.writeSpec(submitted, options.stateDir().resolve(PausedRun.SPEC_FILE));
        java.nio.file.Files.writeString(options.stateDir().resolve(ALTER_FILE), alter.text());
        // decided before the job starts: a copy throttled from the start copies nothing
        throttler =
            new Throttler(
                server,
                table.changelog(),
                options.throttle(),
                heartbeat::write,
                heartbeat.commits());
        throttled = throttler.check(-1, false).orElse(null);
        serveSocket();
        runHooks(Hooks.Event.BEFORE_ROW_COPY);
        runner.submit(
            submitted, options.checkpointInterval(), restored(paused) ? paused.savepoint() : null);
        PausedRun.recordJob(options.stateDir(), runner.job().toHexString());
        recordCluster();
        listener.jobStarted(runner);
        return run(runner, spec, facts, started, lock);
      } catch (PauseRequested p) {
        String savepoint;
        try {
          savepoint = runner.stopWithSavepoint();
          PausedRun.record(options.stateDir(), savepoint);
        } catch (Exception e) {
          throw fail("pausing " + table + " failed: " + e.getMessage() + "; " + leftBehind(), e);
        }
        moveTo(MigrationPhase.PAUSED);
        throw new MigrationPausedException(
            "paused the migration of "
                + table
                + " with savepoint "
                + savepoint
                + "; "
                + table
                + " is unchanged; resume to continue",
            savepoint);
      } catch (MigrationFailedException | OwnershipAmbiguousException e) {
        throw e;
      } catch (CriticalLoadException e) {
        throw fail(e.getMessage() + "; " + table + " is intact; " + leftBehind(), e);
      } catch (Exception e) {
        throw fail("the migration of " + table + " failed in " + phase + ": " + e.getMessage(), e);
      } finally {
        if (runner != null) {
          runner.cancel();
          closeQuietly(runner);
        }
        if (rowCount != null) {
          rowCount.close();
          rowCount = null;
        }
        if (socket != null) {
          socket.close();
          socket = null;
        }
        if (throttler != null) {
          throttler.close();
          throttler = null;
        }
        if (heartbeat != null) {
          heartbeat.close();
        }
        if (unreadable != null) {
          unreadable.close();
        }
        if (originals != null) {
          originals.close();
        }
      }
    }
  }

  /**
   * {@code --attempt-instant-ddl}: the migration MySQL did in place ({@link InPlaceAlter}), or
   * empty to copy the rows as without the flag.
   */
  private Optional<MigrationSummary> attemptInPlace(
      TableFacts facts, long started, MigrationLock lock) throws MigrationFailedException {
    InPlaceAlter.Done done;
    try {
      done =
          new InPlaceAlter(server, table, alter, options, listener::message)
              .attempt(
                  facts,
                  () -> {
                    if (lockLost || !lock.verifyHeld()) {
                      throw abort();
                    }
                  });
    } catch (InPlaceAlter.Unknown e) {
      throw fail(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted before the ALTER; " + table + " is intact", e);
    }
    if (done == null) {
      return Optional.empty();
    }
    moveTo(MigrationPhase.CLEANUP);
    moveTo(MigrationPhase.DONE);
    String hookFailure = successHooks(Map.of("GH_OST_INSTANT_DDL", "true"));
    return Optional.of(
        MigrationSummary.inPlace(
            done.algorithm(),
            done.took(),
            done.attempt(),
            Duration.ofNanos(System.nanoTime() - started),
            hookFailure));
  }

  /**
   * How long the next attempt of a cut-over (or of an in-place ALTER) waits after {@code attempt}.
   */
  static long cutOverBackOffMillis(int attempt) {
    return Math.min(10_000, 500L * attempt * attempt);
  }

  /**
   * The controller before this one stopped after its swap: the migration is done but for the
   * cleanup, which this one does.
   */
  private MigrationSummary finishSwapped(long started) throws SQLException {
    listener.message(
        (move == null ? "the swap of " : "the move of ")
            + table
            + " had completed before the last controller stopped ("
            + table.magic().table()
            + " holds the old table); cleaning up");
    LOG.info("{} was swapped by the stopped run; cleaning up", table);
    moveTo(MigrationPhase.CLEANUP);
    cleanup();
    forgetRun();
    stampOldTables();
    moveTo(MigrationPhase.DONE);
    return MigrationSummary.finishedEarlier(
        Duration.ofNanos(System.nanoTime() - started), successHooks());
  }

  /**
   * A resumed move settles what its stopped cut-over left, from the journal (docs/move-tables.md,
   * "Resume"): true when the move had completed (T4), so only the cleanup and the success hooks
   * remain. A rename the stopped run made before completing is undone, so the source table is in
   * place and the move goes on with a new cut-over.
   *
   * @throws PreflightException the tables do not say what happened; a human must look
   */
  private boolean settleMove(Connection c) throws PreflightException, SQLException {
    java.util.Properties journal;
    try {
      journal = MoveJournal.read(options.stateDir());
    } catch (java.io.IOException e) {
      throw new PreflightException(
          "cannot read the move's cut-over journal in " + options.stateDir() + ": " + e);
    }
    // the tables were renamed together, by one statement: all in place or all renamed
    boolean original = true;
    boolean anyOriginal = false;
    boolean renamed = true;
    for (TableRef moved : moved()) {
      boolean here = FactsReader.exists(c, moved);
      original &= here;
      anyOriginal |= here;
      renamed &= FactsReader.exists(c, moved.magic());
    }
    if (anyOriginal && !original) {
      throw new PreflightException(
          "cannot resume the move of "
              + moved()
              + ": some of the tables are in place on the source and some are not; inspect them"
              + " by hand, ghostflink will not guess");
    }
    String step = journal == null ? null : journal.getProperty("step");
    if ("complete".equals(step) && !original) {
      drainGtids = journal.getProperty("drain_gtids");
      return true;
    }
    if (step != null && !original && renamed) {
      try (Statement s = c.createStatement()) {
        s.execute(MoveCutover.renameAll(moved(), true));
      }
      String line =
          "the stopped run had renamed "
              + moved()
              + " away in its cut-over ("
              + step
              + ") without completing it; renamed it back: "
              + table
              + " is in place and the move goes on";
      LOG.warn("{}", line);
      listener.message(line);
    } else if (!original || (step != null && renamed)) {
      throw new PreflightException(
          "cannot resume the move of "
              + table
              + ": the source has "
              + (original ? table.table() : "no " + table.table())
              + (renamed ? " and " + table.magic().table() : "")
              + " and the journal says "
              + (step == null ? "nothing" : step)
              + "; inspect the tables by hand, ghostflink will not guess");
    }
    try {
      java.nio.file.Files.deleteIfExists(options.stateDir().resolve(MoveJournal.FILE));
    } catch (java.io.IOException e) {
      throw new SQLException("the move's cut-over journal was not cleared: " + e, e);
    }
    return false;
  }

  /**
   * Deletes what the state directory keeps of the run (nothing can resume it any more), and keeps
   * the ALTER of the swap for {@code ghostflink verify}.
   */
  private void forgetRun() {
    try {
      java.nio.file.Files.createDirectories(options.stateDir());
      if (move == null) {
        java.nio.file.Files.writeString(
            options.stateDir().resolve(SWAPPED_ALTER_FILE), alter.text() + "\n");
      }
      java.nio.file.Files.deleteIfExists(options.stateDir().resolve(SWAPPED_OLD_TABLE_FILE));
      java.nio.file.Files.deleteIfExists(options.stateDir().resolve(MoveJournal.FILE));
      PausedRun.deleteCheckpoints(options.stateDir());
      PausedRun.clear(options.stateDir());
      for (String file :
          List.of(
              PausedRun.SPEC_FILE,
              ALTER_FILE,
              PausedRun.JOB_FILE,
              CLUSTER_FILE,
              UNREADABLE_FILE,
              ORIGINAL_IDS_FILE,
              CheckpointStore.ROOT_FILE)) {
        java.nio.file.Files.deleteIfExists(options.stateDir().resolve(file));
      }
    } catch (java.io.IOException e) {
      // the swap is done either way; leftovers only take disk space
      LOG.warn("the finished run's files in {} not deleted: {}", options.stateDir(), e.toString());
      listener.message("could not delete the finished run's files in " + options.stateDir());
    }
  }

  /** The paused run's spec with a new run id, this controller's parallelism and server id. */
  private JobSpec resumeSpec(JobSpec paused) throws SQLException {
    heartbeat = Heartbeat.start(server, table.changelog(), HEARTBEAT);
    heartbeat.write(ChangelogSql.STATE, phase.name());
    // a new run id: the progress rows of the paused job must not count for the new one
    long runId = System.currentTimeMillis();
    try (Connection c = Connections.open(target, progressTable.database());
        java.sql.PreparedStatement read = c.prepareStatement(GhostDml.copyProgress(progressTable));
        java.sql.PreparedStatement ps =
            c.prepareStatement(GhostDml.carryOverFinishedCopy(progressTable))) {
      read.setLong(1, paused.runId());
      try (java.sql.ResultSet rs = read.executeQuery()) {
        copiedBefore = rs.next() ? rs.getLong(1) : 0;
      }
      ps.setLong(1, runId);
      ps.setLong(2, paused.runId());
      ps.executeUpdate();
    }
    return new JobSpec(
        server,
        reader,
        target,
        table,
        paused.ghost(),
        paused.schema(),
        paused.mapping(),
        paused.ghostKey(),
        paused.start(),
        runId,
        options.parallelism(),
        options.chunking(),
        paused.copyRows(),
        options.serverId(),
        paused.copyMode(),
        CopyHook.NONE,
        paused.more(),
        options.throttle().maxCheckpointAgeRatio(),
        options.throttle().maxCommitLatencyRatio(),
        options.throttle().niceRatio(),
        options.quietReaders(),
        options.throttle().maxCpuRatio(),
        paused.stateBackend(), // its checkpoints restore only into the backend that wrote them
        binlogZone());
  }

  /**
   * The throttle for the checksum's comparing sessions (the controller's own loop waits for the
   * checksum meanwhile): the copy's throttle, and the operator's pause; a critical load stops it.
   */
  private synchronized String checksumThrottle(ProgressReader progress) throws SQLException {
    if (ChangelogSql.PAUSE.equals(progress.command())) {
      pauseRequested = true; // ghostflink pause, from another process
    }
    try {
      return throttler.check(-1, true).orElse(null);
    } catch (CriticalLoadException e) {
      criticalLoad = e;
      return null; // stopReason() now says why
    }
  }

  /**
   * Watches the binlog the job reads for changes it cannot read (docs/operations.md, "Changes the
   * job cannot read"). The server's counts are taken before a fresh run reads its start position
   * and kept in the state directory for a resume (a pause's gap is watched too).
   */
  private UnreadableChanges watchUnreadableChanges(TableFacts facts, boolean restored)
      throws SQLException, java.io.IOException {
    Optional<UnreadableChanges.Counts> now;
    try (Connection c = Connections.open(reader, "")) {
      now = UnreadableChanges.read(c);
    }
    if (now.isEmpty()) {
      String line =
          "cannot watch for binlog changes the job cannot read (performance_schema is off, or the"
              + " user may not read it): a session with binlog_transaction_compression = ON or"
              + " binlog_row_value_options = PARTIAL_JSON, or an XA transaction rolled back after"
              + " its XA PREPARE, would go unnoticed";
      LOG.warn("{}", line);
      listener.message(line);
      return null;
    }
    Optional<UnreadableChanges.Counts> kept =
        restored
            ? StateFile.read(options.stateDir(), UNREADABLE_FILE)
                .flatMap(UnreadableChanges.Counts::parse)
            : Optional.empty();
    UnreadableChanges.Counts baseline = kept.orElse(now.get());
    StateFile.write(options.stateDir(), UNREADABLE_FILE, baseline.text());
    boolean json =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(facts), moreFacts.values().stream())
            .flatMap(f -> f.originalColumns().stream())
            .anyMatch(col -> "json".equalsIgnoreCase(col.dataType()));
    return new UnreadableChanges(reader, baseline, json);
  }

  /**
   * The originals' identities (tablespaces) and columns as the run begins; a resumed run keeps the
   * identities its first run read (a TRUNCATE during the pause is in the part of the binlog the
   * resumed job reads; an ALTER then is refused by the resume's own check).
   */
  private OriginalTables watchOriginals(TableFacts facts, boolean restored)
      throws SQLException, java.io.IOException {
    List<TableRef> tables = moved();
    Map<TableRef, Long> ids = new LinkedHashMap<>();
    Map<TableRef, List<Column>> columns = new LinkedHashMap<>();
    List<String> kept =
        restored
            ? StateFile.read(options.stateDir(), ORIGINAL_IDS_FILE)
                .map(v -> List.of(v.split(" ")))
                .orElse(List.of())
            : List.of();
    List<String> written = new ArrayList<>();
    try (Connection c = Connections.open(server, "")) {
      for (int i = 0; i < tables.size(); i++) {
        TableRef t = tables.get(i);
        columns.put(t, factsOf(t, facts).originalColumns());
        java.util.OptionalLong now = OriginalTables.identity(c, t);
        String id =
            kept.size() == tables.size() && !"-".equals(kept.get(i))
                ? kept.get(i)
                : now.isPresent() ? Long.toString(now.getAsLong()) : "-";
        written.add(id);
        if ("-".equals(id)) {
          LOG.warn(
              "cannot tell the tablespace of {} apart (another table's name differs from it only"
                  + " in letters outside ASCII): a TRUNCATE of it during the migration would go"
                  + " unnoticed",
              t);
        } else {
          ids.put(t, Long.parseLong(id));
        }
      }
    }
    StateFile.write(options.stateDir(), ORIGINAL_IDS_FILE, String.join(" ", written));
    return new OriginalTables(server, ids, columns);
  }

  /**
   * Fails the migration when the binlog the job reads holds changes it could not read, or an
   * original was truncated or altered; with {@code sessions} (the costlier look), also when a
   * session may write changes the job cannot read.
   */
  private void requireReadable(boolean sessions) throws SQLException, MigrationFailedException {
    Optional<String> problem = originals == null ? Optional.empty() : originals.problem();
    if (problem.isEmpty() && unreadable != null) {
      problem = unreadable.problem(sessions);
    }
    if (problem.isPresent()) {
      stopBeforeSwap = problem.get();
      throw fail(stopBeforeSwapFailure(), null);
    }
  }

  private String stopBeforeSwapFailure() {
    return stopBeforeSwap + "; nothing was swapped, " + table + " is intact; " + leftBehind();
  }

  /**
   * The cut-over's hook, with a look at the originals before the writers are held, and a last look
   * at the server's counts of unreadable changes once they are held and the job has drained (before
   * the magic table's drop; a move's before it records the move complete): a change until then
   * could be missing from, or wrongly in, the ghost table.
   */
  private CutoverHook readableBeforeSwap() {
    return new CutoverHook() {
      @Override
      public void beforeStep(CutoverStep step, int attempt, Sessions sessions) throws Exception {
        hook.beforeStep(step, attempt, sessions);
        if (step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
          beforeLock();
        } else if (step == CutoverStep.DROP_MAGIC) {
          lastLook();
        }
      }

      @Override
      public void beforeMoveStep(MoveCutover.Step step, int attempt) throws Exception {
        hook.beforeMoveStep(step, attempt);
        if (step == MoveCutover.Step.RENAME_SOURCE) {
          beforeLock();
        } else if (step == MoveCutover.Step.MARK_COMPLETE) {
          lastLook();
        }
      }

      // the sessions' variables and the originals' identities cost the server more (their tables
      // list every session, every file or table): not under the lock
      private void lastLook() throws SQLException {
        stopIf(unreadable == null ? Optional.empty() : unreadable.problem(false));
      }

      // an original truncated or altered up to the moment the writers are held
      private void beforeLock() throws SQLException {
        stopIf(originals == null ? Optional.empty() : originals.problem());
      }

      private void stopIf(Optional<String> problem) throws SQLException {
        if (problem.isPresent()) {
          stopBeforeSwap = problem.get();
          throw new SQLException(stopBeforeSwap);
        }
      }
    };
  }

  /** Why a cut-over attempt must stop before its swap, or null to go on. */
  private String stopReason() {
    panicIfFlagged();
    if (criticalLoad != null) {
      return criticalLoad.getMessage();
    }
    if (lockLost) {
      return "the migration lock was lost";
    }
    if (panicked) {
      return "the operator panicked";
    }
    return pauseRequested ? "a pause was requested" : null;
  }

  /** Thrown by a poll when a pause was requested; never leaves this class. */
  private static final class PauseRequested extends Exception {
    PauseRequested() {
      super("pause requested", null, false, false);
    }
  }

  private MigrationSummary run(
      JobRunner runner, JobSpec spec, TableFacts facts, long started, MigrationLock lock)
      throws Exception {
    try (ProgressReader progress =
        new ProgressReader(
                reader, table.changelog(), target, progressTable, spec.runId(), spec.parallelism())
            .expecting(spec.tables().size())) {
      moveTo(MigrationPhase.COPY);
      long copyStart = System.nanoTime();
      copyStartNanos = copyStart;
      ProgressReader.Reading r = poll(runner, progress, copyStart);
      while (!r.copyDone()) {
        awaitCopyEnd(progress, r.copiedRows(), facts.estimatedRows());
        r = poll(runner, progress, copyStart);
      }
      long copiedRows = r.copiedRows();
      LOG.info(
          "Row copy done: {} rows in {} ms",
          copiedRows,
          (System.nanoTime() - copyStart) / 1_000_000);
      copyEndNanos = System.nanoTime();
      runHooks(Hooks.Event.ROW_COPY_COMPLETE);

      moveTo(MigrationPhase.APPLY);
      buildDeferredIndexes(runner, progress, copyStart, facts);
      // the copy rate counts the build of the indexes it left out: MySQL's own copy builds them
      Duration copyTime = Duration.ofNanos(System.nanoTime() - copyStart);
      requireNoNewDuplicates(facts);
      Rechecks rechecks = rechecks(spec);
      boolean checksummed = false;
      boolean analyzed = !options.analyzeTable();
      for (int attempt = 1; ; attempt++) {
        // a fresh reading before every attempt: the job must be alive and no pause pending
        r = poll(runner, progress, copyStart);
        // as gh-ost: no cut-over while throttled
        while (!r.caughtUp()
            || r.lagMillis() > options.cutOverMaxLag().toMillis()
            || throttled != null) {
          Thread.sleep(POLL.toMillis());
          r = poll(runner, progress, copyStart);
        }
        r = waitWhilePostponed(runner, progress, copyStart, r);
        if (rechecks.needed()) {
          settle(rechecks, runner, progress, copyStart);
        }
        if (!analyzed) {
          analyze(spec);
          analyzed = true;
        }
        if (options.checksum() && !checksummed) {
          moveTo(MigrationPhase.CHECKSUM);
          try {
            checksum(spec, progress);
            checksummed = true;
          } catch (TimeoutException | SQLException e) {
            // the consistent point was not reached (or a query failed): the original is intact
            listener.message("checksum attempt " + attempt + " failed: " + e.getMessage());
            LOG.warn("Checksum attempt {} failed; {} is intact", attempt, table, e);
            giveUpOrRetry(runner, attempt, "checksum", e);
            moveTo(MigrationPhase.APPLY);
            Thread.sleep(cutOverBackOffMillis(attempt));
            continue;
          } catch (Checksum.MismatchException e) {
            throw fail(
                "checksum: "
                    + e.getMessage()
                    + "; nothing was swapped, "
                    + table
                    + " is intact; "
                    + leftBehind(),
                e);
          }
        }
        requireReadable(true); // the sessions too, once before the writers are held
        runHooks(Hooks.Event.BEFORE_CUT_OVER);
        moveTo(MigrationPhase.CUTOVER);
        try {
          Duration lockTime;
          String moved = null;
          String successHookFailure = null;
          if (move != null) {
            MoveCutover.Result result = moveCutover(spec, progress, lock).attempt(attempt);
            lockTime = result.refusedWrites();
            successHookFailure = result.successHookFailure(); // T5 ran inside the cut-over
            moved =
                String.format(
                    java.util.Locale.ROOT,
                    "moved %s to %s:%d %s; writes to it were refused for %d ms (drain %d ms);"
                        + " drain GTID set %s",
                    String.join(", ", moved().stream().map(TableRef::toString).toList()),
                    move.server().host(),
                    move.server().port(),
                    ghost.database(),
                    result.refusedWrites().toMillis(),
                    result.drainWait().toMillis(),
                    result.drainGtids());
          } else {
            lockTime =
                new SameServerCutover(
                        server,
                        table,
                        options.cutOverLockTimeout(),
                        progress::appliedPoint,
                        value -> heartbeat.write(ChangelogSql.SENTINEL, value),
                        this::stopReason,
                        lock::verifyHeld,
                        rechecks.needed() ? rechecks::missingUnderLock : null,
                        !alter.setsAutoIncrement(),
                        readableBeforeSwap())
                    .attempt(attempt)
                    .lockTime();
          }
          ProgressReader.Reading last = progress.read();
          runner.cancel();
          moveTo(MigrationPhase.CLEANUP);
          cleanup();
          forgetRun();
          stampOldTables();
          moveTo(MigrationPhase.DONE);
          if (moved != null) {
            listener.message(moved);
          }
          return new MigrationSummary(
              copiedRows,
              Math.min(copiedRows, copiedBefore),
              last.changesApplied(),
              copyTime,
              lockTime,
              attempt,
              Duration.ofNanos(System.nanoTime() - started),
              move != null ? successHookFailure : successHooks(),
              null);
        } catch (CutoverFailedException e) {
          listener.message("cut-over attempt " + attempt + " failed: " + e.getMessage());
          LOG.warn("Cut-over attempt {} failed; {} is intact", attempt, table, e);
          giveUpOrRetry(runner, attempt, "cut-over", e);
          moveTo(MigrationPhase.APPLY);
          Thread.sleep(cutOverBackOffMillis(attempt));
          r = poll(runner, progress, copyStart);
        }
      }
    }
  }

  /**
   * After a failed attempt (of the checksum or the cut-over) that left the original intact: returns
   * to retry, or throws why not (lock lost, panic, pause, a dead job, out of attempts).
   */
  private void giveUpOrRetry(JobRunner runner, int attempt, String what, Exception e)
      throws Exception {
    if (criticalLoad != null) {
      throw fail(criticalLoad.getMessage() + "; " + table + " is intact; " + leftBehind(), e);
    }
    if (stopBeforeSwap != null) {
      throw fail(stopBeforeSwapFailure(), e);
    }
    if (lockLost) {
      throw abort();
    }
    if (panicked) {
      throw panic();
    }
    if (pauseRequested) {
      moveTo(MigrationPhase.APPLY);
      throw new PauseRequested(); // rolled back before the swap: pause as asked
    }
    // a dead job explains a failed drain best
    // (only a drain that timed out may be the job's fault; give a failing job time to end)
    boolean drainTimedOut =
        e instanceof TimeoutException
            || (e instanceof CutoverFailedException c && c.drainTimedOut());
    Optional<String> ended = drainTimedOut ? runner.ended(Duration.ofSeconds(5)) : runner.ended();
    if (ended.isPresent()) {
      throw fail(ended.get() + "; " + table + " is intact; " + leftBehind(), e);
    }
    if (attempt >= options.maxCutOverAttempts()) {
      throw fail(
          what
              + " gave up after "
              + attempt
              + " attempts (last: "
              + e.getMessage()
              + "); "
              + table
              + " is intact; "
              + leftBehind()
              + "; retry with a longer --cut-over-lock-timeout or at a quieter time",
          e);
    }
  }

  /** Every table this run moves (or the one it migrates), the first first. */
  private List<TableRef> moved() {
    List<TableRef> all = new ArrayList<>();
    all.add(table);
    all.addAll(alsoMoved);
    return all;
  }

  /**
   * A move's last step before it is complete: each target table counts on from its source's
   * AUTO_INCREMENT counter, final now that the source is renamed away ({@link
   * AutoIncrementCounter}); {@code source} is the session that renamed it.
   */
  private void carryCounters(Connection source) throws SQLException {
    try (Connection t = Connections.open(target, ghost.database())) {
      for (TableRef moved : moved()) {
        TableRef onTarget = moved.in(ghost.database());
        OptionalLong raised = AutoIncrementCounter.carry(source, moved.magic(), t, onTarget, t);
        if (raised.isPresent()) {
          LOG.info("{}'s AUTO_INCREMENT raised to {}, the source's", onTarget, raised.getAsLong());
        }
      }
    }
  }

  /** Where the binlog the job reads stands: the source's, or the replica's a move reads. */
  private io.ghostflink.controller.cutover.BinlogReadPoint readPoint() {
    return reader.sameServer(server)
        ? io.ghostflink.controller.cutover.BinlogReadPoint.source()
        : new io.ghostflink.controller.cutover.BinlogReadPoint(
            reader, table.database(), options.cutOverLockTimeout());
  }

  /** One attempt of the move's cooperative cut-over (seed 001), wired to this run. */
  private MoveCutover moveCutover(JobSpec spec, ProgressReader progress, MigrationLock lock) {
    MoveJournal journal = new MoveJournal(options.stateDir(), target, progressTable, spec.runId());
    return new MoveCutover(
        server,
        moved(),
        move.drainTimeout(),
        options.cutOverLockTimeout(),
        new MoveCutover.Drained() {
          @Override
          public boolean contains(String drain, String readSet, long readPosition)
              throws SQLException {
            return progress.appliedGtids(drain, readSet, readPosition);
          }

          @Override
          public String applied() {
            return progress.lastAppliedGtids();
          }
        },
        this::carryCounters,
        value -> heartbeat.write(ChangelogSql.SENTINEL, value),
        this::stopReason,
        lock::verifyHeld,
        journal,
        gtids -> {
          drainGtids = gtids;
          return successHooks();
        },
        readableBeforeSwap(),
        readPoint());
  }

  /**
   * Brings each written table's optimizer statistics up to date and gives it the original's
   * histograms, once, after the postponement and before the checksum ({@link TableStatistics}): a
   * failure is told and the migration goes on (no row depends on it).
   */
  private void analyze(JobSpec spec) {
    for (io.ghostflink.job.MovedTable t : spec.tables()) {
      String label = label(spec, t);
      try {
        List<TableStatistics.Histogram> histograms;
        try (Connection c = Connections.open(server, t.original().database())) {
          histograms = TableStatistics.histograms(c, t.original());
        }
        TableStatistics.Report report;
        try (Connection c = Connections.open(target, t.ghost().database())) {
          report =
              TableStatistics.refresh(
                  c, t.ghost(), t.schema(), t.mapping(), histograms, options.cutOverLockTimeout());
        }
        say(label + report.line(t.ghost()));
      } catch (SQLException e) {
        String line =
            label
                + "statistics: "
                + t.ghost()
                + " not analyzed: "
                + e.getMessage()
                + "; it takes its place with the statistics InnoDB computed for it";
        LOG.warn("{}", line, e);
        listener.message(line);
      }
    }
  }

  /**
   * Compares the ghost table with the original, every row, at one point of the binlog, and copies
   * again what differs (docs/cut-over.md, "The checksum before the swap").
   */
  private void checksum(JobSpec spec, ProgressReader progress)
      throws SQLException, InterruptedException, TimeoutException, Checksum.MismatchException {
    for (io.ghostflink.job.MovedTable t : spec.tables()) {
      checksum(t, progress, label(spec, t));
    }
  }

  /** What names {@code t} in a line about it: its name, when the job writes several tables. */
  private static String label(JobSpec spec, io.ghostflink.job.MovedTable t) {
    return spec.tables().size() > 1 ? t.original().table() + ": " : "";
  }

  /** The checksum of one table the job writes ({@code label} names it among several). */
  private void checksum(io.ghostflink.job.MovedTable t, ProgressReader progress, String label)
      throws SQLException, InterruptedException, TimeoutException, Checksum.MismatchException {
    ChecksumPlan plan;
    try (Connection c = Connections.open(target, t.ghost().database())) {
      plan =
          ChecksumPlan.of(
              t.schema(),
              SchemaReader.columns(c, t.ghost()),
              SchemaReader.uniqueKeys(c, t.ghost()),
              t.mapping());
    }
    if (plan.unusable() != null) {
      listener.message(label + "checksum skipped: " + plan.unusable());
      LOG.warn("Checksum skipped: {}{}", label, plan.unusable());
      return;
    }
    CopyRange copy = copyRange(t, plan.keyColumns());
    long start = System.nanoTime();
    Checksum.Report report =
        new Checksum(
                server,
                t.original(),
                target,
                t.ghost(),
                move == null ? null : rowTransfer(t, copy),
                readPoint(),
                plan,
                copy,
                options.parallelism(),
                CHECKSUM_RANGE_ROWS,
                options.cutOverLockTimeout(),
                progress::appliedPoint,
                value -> heartbeat.write(ChangelogSql.SENTINEL, value),
                this::stopReason,
                () -> checksumThrottle(progress),
                why -> {
                  listener.message("checksum held back: " + why);
                  LOG.info("Checksum held back: {}", why);
                })
            .run();
    String line =
        label
            + String.format(
                java.util.Locale.ROOT,
                "checksum: %,d rows equal in %d range%s in %.1f s (%swriters held %d ms)%s%s",
                report.rows(),
                report.ranges(),
                report.ranges() == 1 ? "" : "s",
                (System.nanoTime() - start) / 1e9,
                report.heldBack().isZero()
                    ? ""
                    : String.format(
                        java.util.Locale.ROOT,
                        "held back %.1f s; ",
                        report.heldBack().toNanos() / 1e9),
                report.held().toMillis(),
                report.recopiedRanges() == 0
                    ? ""
                    : "; "
                        + report.recopiedRanges()
                        + (report.recopiedRanges() == 1 ? " range" : " ranges")
                        + " differed and "
                        + (report.recopiedRanges() == 1 ? "was" : "were")
                        + " copied again",
                plan.skipped().isEmpty()
                    ? ""
                    : "; not compared: " + String.join(", ", plan.skipped()));
    say(line);
  }

  /** How the checksum copies a range again to a move's target: as the stream copy does. */
  private static io.ghostflink.controller.verify.RowTransfer rowTransfer(
      io.ghostflink.job.MovedTable t, CopyRange copy) {
    return new io.ghostflink.controller.verify.RowTransfer(
        copy, t.schema().keyColumnList(), t.schema(), t.mapping());
  }

  /**
   * Holds the migration in APPLY, the ghost table kept current, while the {@code
   * --postpone-cut-over-flag-file} exists and no operator has run {@code unpostpone}; the
   * on-begin-postponed hooks run once, when the wait begins. Returns the newest reading.
   */
  private ProgressReader.Reading waitWhilePostponed(
      JobRunner runner, ProgressReader progress, long copyStart, ProgressReader.Reading r)
      throws Exception {
    java.nio.file.Path flag = options.postponeFlagFile();
    while (flag != null
        && java.nio.file.Files.exists(flag)
        && !"now".equals(progress.hint(ChangelogSql.CONTROL_UNPOSTPONE))) {
      if (!beganPostponed) {
        beganPostponed = true;
        String line =
            "cut-over postponed while "
                + flag
                + " exists; the ghost table is kept current. Delete it, or run ghostflink"
                + " unpostpone, to go on";
        say(line);
        runHooks(Hooks.Event.BEGIN_POSTPONED);
      }
      Thread.sleep(POLL.toMillis());
      r = poll(runner, progress, copyStart);
    }
    return r;
  }

  /**
   * Creates {@code --postpone-cut-over-flag-file} when it does not exist, as gh-ost does at its
   * start: the cut-over then waits until the operator deletes it (or runs unpostpone), which a
   * runbook written for gh-ost relies on. A resume does not create it again: the operator may have
   * deleted it to let the cut-over go.
   */
  private void createPostponeFlagFile() throws PreflightException {
    java.nio.file.Path flag = options.postponeFlagFile();
    if (flag == null || java.nio.file.Files.exists(flag)) {
      return;
    }
    try {
      java.nio.file.Files.createFile(flag);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return; // created meanwhile: it exists, which is all that is asked
    } catch (java.io.IOException e) {
      throw new PreflightException(
          "--postpone-cut-over-flag-file "
              + flag
              + " cannot be created ("
              + (e instanceof java.nio.file.NoSuchFileException
                  ? "no such directory"
                  : e instanceof java.nio.file.AccessDeniedException
                      ? "permission denied"
                      : e.getMessage())
              + "); give a file in a directory this user can write; nothing was changed");
    }
    String line = "created --postpone-cut-over-flag-file " + flag + ": the cut-over waits for it";
    say(line);
  }

  /** One line for the operator (the progress output) and the log. */
  private void say(String line) {
    LOG.info("{}", line);
    listener.message(line);
  }

  /** The table's {@code SHOW CREATE TABLE} as preflight read it; "" when it has none. */
  private static String definition(TableFacts f) {
    return f.trial() == null || f.trial().createTable() == null ? "" : f.trial().createTable();
  }

  /** Whether a resume restores a savepoint or checkpoint (else it starts over, or is no resume). */
  private static boolean restored(PausedRun paused) {
    return paused != null && paused.savepoint() != null;
  }

  /**
   * Creates the ghost, changelog and progress tables, starts the heartbeat, reads the start; {@code
   * startOver} drops a stopped run's tables first.
   */
  private JobSpec prepare(TableFacts facts, boolean startOver) throws SQLException {
    if (move != null) {
      return prepareMove(facts, startOver);
    }
    try (Connection c = Connections.open(server, table.database());
        Statement s = c.createStatement()) {
      if (options.initiallyDropGhostTable() || startOver) {
        for (TableRef t :
            List.of(table.ghost(), table.changelog(), table.progress(), table.recheck())) {
          s.execute(MigrationDdl.dropIfExists(t));
        }
      }
      if (options.initiallyDropOldTable()) {
        s.execute(MigrationDdl.dropIfExists(table.magic()));
      }
      s.execute(MigrationDdl.createLike(table.ghost(), table, SchemaReader.showCreate(c, table)));
      // the ghost's CHECK constraints have generated names: the ALTER names them so
      Connections.executeAlter(
          c,
          MigrationDdl.alter(
              table.ghost(), CheckNames.forCopy(c, alter.text(), table, table.ghost(), table)));
      if (!alter.setsAutoIncrement()) {
        // as gh-ost does; the cut-over raises it again to the original's final counter
        AutoIncrementCounter.carry(c, table, c, table.ghost(), c);
      }
      s.execute(ChangelogSql.create(table.changelog()));
      deferIndexes(c, s);
      s.execute(GhostDml.createProgressTable(table.progress()));
      heartbeat = Heartbeat.start(server, table.changelog(), HEARTBEAT);
      heartbeat.write(ChangelogSql.STATE, phase.name());
      // read before the first chunk is copied: no change to the original can be missed
      BinlogPosition start = ProgressReader.readingStart(c);
      List<Column> columns = SchemaReader.columns(c, table);
      List<UniqueKey> keys = SchemaReader.uniqueKeys(c, table);
      if (!columns.equals(facts.originalColumns()) || !keys.equals(facts.originalUniqueKeys())) {
        throw new SQLException(table + " changed its schema during preflight; run again");
      }
      // the plan, again from the ghost table MySQL really made
      List<Column> ghostColumns = SchemaReader.columns(c, table.ghost());
      TableSchema columnsOnly = new TableSchema(columns, "", new int[0]);
      ColumnMapping mapping =
          ColumnMapper.map(columnsOnly, ghostColumns, alter.renames(), alter.drops());
      GhostKeys.Plan keyPlan =
          GhostKeys.plan(
              columns, keys, ghostColumns, SchemaReader.uniqueKeys(c, table.ghost()), mapping);
      if (!keyPlan.ok()) {
        throw new SQLException(keyPlan.problem());
      }
      TableSchema schema = TableSchema.of(columns, keyPlan.rowKey());
      if (!keyPlan.ghostKey().riskyKeys().isEmpty()) {
        s.execute(
            io.ghostflink.operators.sql.RecheckSql.create(table.recheck(), schema.keyColumnList()));
      }
      LOG.info(
          "Binlog start {}; row key {}; mapping {}; risky unique keys {}",
          start,
          schema.keyName(),
          mapping.ghostColumns(),
          keyPlan.ghostKey().riskyKeys());
      return freshSpec(schema, mapping, keyPlan.ghostKey(), start, List.of());
    }
  }

  /**
   * Leaves the ghost table's plain secondary indexes out of the copy when {@code
   * --defer-secondary-indexes} says so ({@link DeferredIndexes}), and keeps their definitions in
   * the changelog for the build after the copy, also after a resume; before the binlog start is
   * read, so the job never sees the ghost table with them.
   */
  private void deferIndexes(Connection c, Statement s) throws SQLException {
    DeferredIndexes candidates =
        options.deferIndexes() == DeferredIndexes.Mode.OFF
            ? null
            : DeferredIndexes.of(SchemaReader.showCreate(c, table.ghost()));
    String off =
        candidates == null || candidates.any()
            ? whyIndexesNotDeferred(c)
            : candidates.keptBecause();
    closeWritersAtStart(); // read or not needed: its session is not kept for the migration
    DeferredIndexes deferred = off == null ? candidates : null;
    if (deferred != null) {
      s.execute(MigrationDdl.alter(table.ghost(), deferred.dropClause()));
      String line =
          "secondary indexes "
              + String.join(", ", deferred.names())
              + " are built after the copy (--defer-secondary-indexes)";
      say(line);
    } else if (candidates != null
        && (candidates.any() || options.deferIndexes() == DeferredIndexes.Mode.ON)) {
      // the operator was told they might be built after the copy (auto) or asked for it (on)
      String line =
          "secondary indexes "
              + (candidates.any() ? String.join(", ", candidates.names()) + " " : "")
              + "are built while rows are copied: "
              + off;
      say(line);
    } else {
      LOG.info("Secondary indexes built while rows are copied: {}", off);
    }
    try (java.sql.PreparedStatement ps =
        c.prepareStatement(ChangelogSql.write(table.changelog()))) {
      ps.setString(1, DeferredIndexes.HINT);
      ps.setString(2, deferred != null ? deferred.hint() : "");
      ps.executeUpdate();
    }
  }

  private void closeWritersAtStart() {
    if (writersAtStart != null) {
      writersAtStart.close();
      writersAtStart = null;
    }
  }

  // why --defer-secondary-indexes leaves the indexes it could leave out in, or null to leave them
  private String whyIndexesNotDeferred(Connection c) {
    return switch (options.deferIndexes()) {
      case OFF -> "--defer-secondary-indexes off";
      case ON -> null;
      case AUTO -> {
        if (!options.throttle().controlReplicas().isEmpty()) {
          yield "--throttle-control-replicas are named (--defer-secondary-indexes auto)";
        }
        try (Statement s = c.createStatement();
            java.sql.ResultSet rs = s.executeQuery(MigrationDdl.REPLICAS)) {
          if (rs.next()) {
            yield "the server has replicas, which would run the build as one statement"
                + " (--defer-secondary-indexes auto; on builds them after the copy anyway)";
          }
        } catch (SQLException e) {
          yield "the server's replicas cannot be listed ("
              + e.getMessage()
              + "; --defer-secondary-indexes on builds them after the copy anyway)";
        }
        String writing = writersAtStart == null ? null : writersAtStart.whyWriting();
        yield writing == null
            ? null
            : writing
                + ", and a build after the copy is a burst of writes the throttle cannot pace"
                + " (--defer-secondary-indexes auto; on builds them after the copy anyway)";
      }
    };
  }

  /**
   * Builds the indexes {@link #deferIndexes} left out of the ghost table, those not there yet, in
   * one online ALTER while the binlog apply goes on; a pause, a panic or a failed job during the
   * build ends it (MySQL undoes it) and it runs again on resume. Then the ghost table's indexes
   * must be the ALTER's, in order, or the migration fails before its swap.
   */
  private void buildDeferredIndexes(
      JobRunner runner, ProgressReader progress, long copyStart, TableFacts facts)
      throws Exception {
    if (move != null) {
      return;
    }
    try (Connection c = Connections.open(server, table.database())) {
      DeferredIndexes deferred =
          DeferredIndexes.fromHint(
              ProgressReader.changelogValue(c, table.changelog(), DeferredIndexes.HINT));
      String add = deferred.addClause(SchemaReader.indexNames(c, table.ghost()));
      if (!add.isEmpty()) {
        long id;
        try (Statement s = c.createStatement();
            java.sql.ResultSet rs = s.executeQuery(MigrationDdl.CONNECTION_ID)) {
          rs.next();
          id = rs.getLong(1);
          try {
            s.execute(MigrationDdl.ONE_DDL_THREAD);
          } catch (SQLException e) {
            LOG.info("The index build uses the server's sort threads ({})", e.getMessage());
          }
        }
        String sql = MigrationDdl.addIndexesOnline(table.ghost(), add);
        LOG.info("Building the deferred secondary indexes: {}", sql);
        long started = System.nanoTime();
        String names = String.join(", ", deferred.names());
        heartbeat.write(
            ChangelogSql.INDEX_BUILD,
            "building "
                + names
                + " since "
                + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        java.util.concurrent.CompletableFuture<Void> build =
            java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                  try (Statement s = c.createStatement()) {
                    s.execute(sql);
                  } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                  }
                });
        try {
          while (!build.isDone()) {
            try {
              build.get(POLL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException
                | java.util.concurrent.ExecutionException stillOrFailed) {
              // still building, or failed: the join below says how
            }
            poll(runner, progress, copyStart);
          }
        } catch (Exception e) {
          // paused, panicked, the job failed: the build is undone, and done again on resume
          try {
            heartbeat.write(
                ChangelogSql.INDEX_BUILD,
                "stopped (undone by MySQL): " + names + " are built again on resume");
          } catch (SQLException ignored) {
            // the server is gone: status will say so itself
          }
          try (Connection control = Connections.open(server, table.database());
              Statement k = control.createStatement()) {
            k.execute(MigrationDdl.killQuery(id));
          } catch (SQLException ignored) {
            // it ended by itself meanwhile
          }
          try {
            build.get(1, java.util.concurrent.TimeUnit.MINUTES);
          } catch (Exception ignored) {
            // killed
          }
          throw e;
        }
        try {
          build.join();
        } catch (java.util.concurrent.CompletionException e) {
          String left = deferred.addClause(SchemaReader.indexNames(c, table.ghost()));
          if (!left.isEmpty()) { // else built by a statement of an earlier run that outlived it
            throw new SQLException(
                "building the secondary indexes of "
                    + table.ghost()
                    + " failed: "
                    + e.getCause().getMessage()
                    + "; "
                    + table
                    + " is intact; run again with --initially-drop-ghost-table (after raising"
                    + " innodb_online_alter_log_max_size if MySQL says its log was too small), or"
                    + " with --defer-secondary-indexes off",
                e.getCause());
          }
        }
        String built =
            String.format(
                java.util.Locale.ROOT,
                "%s built in %.1f s",
                names,
                (System.nanoTime() - started) / 1e9);
        LOG.info("secondary indexes {}", built);
        listener.message("secondary indexes " + built);
        heartbeat.write(ChangelogSql.INDEX_BUILD, built);
      }
      if (deferred.any() && facts.trial() != null && facts.trial().createTable() != null) {
        List<String> want = DeferredIndexes.indexLines(facts.trial().createTable());
        List<String> have = DeferredIndexes.indexLines(SchemaReader.showCreate(c, table.ghost()));
        if (!want.equals(have)) {
          throw new SQLException(
              "after the build of its deferred indexes "
                  + table.ghost()
                  + " has the indexes "
                  + have
                  + ", not the ALTER's "
                  + want
                  + "; "
                  + table
                  + " is intact; run again with --defer-secondary-indexes off");
        }
      }
    }
  }

  /**
   * A move's tables: the changelog on the source; the table (like the source's) and the progress
   * table on the target. Starts the heartbeat and reads the start, as {@link #prepare} does.
   */
  private JobSpec prepareMove(TableFacts facts, boolean startOver) throws SQLException {
    String where = move.server().host() + ":" + move.server().port();
    boolean dropPrevious = options.initiallyDropGhostTable() || startOver;
    try (Connection c = Connections.open(server, table.database());
        Statement s = c.createStatement();
        Connection t = Connections.open(target, "");
        Statement ts = t.createStatement()) {
      if (dropPrevious) {
        s.execute(MigrationDdl.dropIfExists(table.changelog()));
      }
      ts.execute(
          "CREATE DATABASE IF NOT EXISTS "
              + io.ghostflink.operators.sql.Identifiers.quote(ghost.database()));
      for (TableRef moved : moved()) {
        TableFacts f = factsOf(moved, facts);
        TableRef onTarget = moved.in(ghost.database());
        if (options.initiallyDropOldTable()) {
          s.execute(MigrationDdl.dropIfExists(moved.magic()));
        }
        MoveChecks.TargetTable found;
        try {
          found = MoveChecks.inspect(t, moved, onTarget, f.originalColumns(), dropPrevious, where);
        } catch (io.ghostflink.controller.preflight.PreflightException e) {
          throw new SQLException(e.getMessage(), e); // changed since preflight
        }
        if (found == MoveChecks.TargetTable.PREVIOUS_MOVE) {
          ts.execute(MigrationDdl.dropIfExists(onTarget));
        }
        ts.execute(MigrationDdl.dropIfExists(moved.recheck().in(ghost.database())));
        if (found != MoveChecks.TargetTable.EMPTY) {
          ts.execute("USE " + io.ghostflink.operators.sql.Identifiers.quote(ghost.database()));
          ts.execute(f.trial().createTable()); // SHOW CREATE TABLE of the source
        }
      }
      // dropped once every table is inspected: its presence tells a previous move's table, with
      // rows, from one ghostflink did not make (a start over found that it "did not make" the
      // table the stopped run had made, once the progress table was gone)
      ts.execute(MigrationDdl.dropIfExists(progressTable));
      s.execute(ChangelogSql.create(table.changelog()));
      ts.execute(GhostDml.createProgressTable(progressTable));
      heartbeat = Heartbeat.start(server, table.changelog(), HEARTBEAT);
      heartbeat.write(ChangelogSql.STATE, phase.name());
      // read before the first chunk is copied: no change to the original can be missed; in the
      // binlog the job reads, once the changelog has reached it
      BinlogPosition start = readStart(c);
      List<io.ghostflink.job.MovedTable> planned = new ArrayList<>();
      for (TableRef moved : moved()) {
        planned.add(planMoved(c, t, moved, factsOf(moved, facts), where));
      }
      io.ghostflink.job.MovedTable first = planned.get(0);
      LOG.info("Move of {} to {} {}: binlog start {}", moved(), where, ghost.database(), start);
      return freshSpec(
          first.schema(),
          first.mapping(),
          first.ghostKey(),
          start,
          planned.subList(1, planned.size()));
    }
  }

  /** The facts of a moved table: {@code first}'s for the first, preflight's for the others. */
  private TableFacts factsOf(TableRef moved, TableFacts first) {
    return moved.equals(table) ? first : moreFacts.get(moved);
  }

  /** How the job moves one table: its key, and its columns as the target's table has them. */
  private io.ghostflink.job.MovedTable planMoved(
      Connection c, Connection t, TableRef moved, TableFacts facts, String where)
      throws SQLException {
    TableRef onTarget = moved.in(ghost.database());
    List<Column> columns = SchemaReader.columns(c, moved);
    List<UniqueKey> keys = SchemaReader.uniqueKeys(c, moved);
    if (!columns.equals(facts.originalColumns()) || !keys.equals(facts.originalUniqueKeys())) {
      throw new SQLException(moved + " changed its schema during preflight; run again");
    }
    List<Column> targetColumns = SchemaReader.columns(t, onTarget);
    ColumnMapping mapping =
        ColumnMapper.map(
            new TableSchema(columns, "", new int[0]), targetColumns, Map.of(), java.util.Set.of());
    GhostKeys.Plan keyPlan =
        GhostKeys.plan(columns, keys, targetColumns, SchemaReader.uniqueKeys(t, onTarget), mapping);
    if (!keyPlan.ok()) {
      throw new SQLException(keyPlan.problem());
    }
    if (!keyPlan.ghostKey().riskyKeys().isEmpty()) {
      throw new SQLException(
          onTarget + " on " + where + " has unique keys " + moved + " does not; drop it");
    }
    return new io.ghostflink.job.MovedTable(
        moved, onTarget, TableSchema.of(columns, keyPlan.rowKey()), mapping, keyPlan.ghostKey());
  }

  /**
   * Where the job starts reading: the source's binlog position now, or the replica's once the
   * changelog table (just created on the source) has reached it.
   */
  private BinlogPosition readStart(Connection source) throws SQLException {
    if (reader.sameServer(server)) {
      return ProgressReader.readingStart(source);
    }
    try (Connection r = Connections.open(reader, table.database())) {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!FactsReader.exists(r, table.changelog())) {
        if (System.nanoTime() > deadline) {
          throw new SQLException(
              "the replica "
                  + reader.host()
                  + ":"
                  + reader.port()
                  + " did not receive "
                  + table.changelog()
                  + " within a minute; is it replicating?");
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted", e);
        }
      }
      return ProgressReader.readingStart(r);
    }
  }

  /** A new run's job: it copies the rows and reads the binlog from {@code start}. */
  private JobSpec freshSpec(
      TableSchema schema,
      ColumnMapping mapping,
      io.ghostflink.operators.model.GhostKey ghostKey,
      BinlogPosition start,
      List<io.ghostflink.job.MovedTable> more)
      throws SQLException {
    return new JobSpec(
        server,
        reader,
        target,
        table,
        ghost,
        schema,
        mapping,
        ghostKey,
        start,
        System.currentTimeMillis(),
        options.parallelism(),
        options.chunking(),
        true,
        options.serverId(),
        options.copyMode(), // a move's is always stream (MigrationOptions)
        CopyHook.NONE,
        more,
        options.throttle().maxCheckpointAgeRatio(),
        options.throttle().maxCommitLatencyRatio(),
        options.throttle().niceRatio(),
        options.quietReaders(),
        options.throttle().maxCpuRatio(),
        JobSpec.STATE_BACKEND,
        binlogZone());
  }

  /** The Java zone of the binlog source's clock now, for Flink CDC ({@link JobSpec#binlogZone}). */
  private String binlogZone() throws SQLException {
    try (Connection c = Connections.open(reader, "")) {
      return ServerZones.javaZone(c);
    }
  }

  private Rechecks rechecks(JobSpec spec) {
    return new Rechecks(
        server,
        table,
        spec.schema(),
        spec.ghostKey(),
        copyRange(spec.tables().get(0), spec.schema().keyColumnList()));
  }

  /**
   * The server-side copy of {@code t}'s rows as the row copy makes it (its expressions, the
   * server's zone hint), over the range bounds of {@code keyColumns}: the checksum's re-copy of a
   * range, the recheck's of single rows.
   */
  private CopyRange copyRange(io.ghostflink.job.MovedTable t, List<Column> keyColumns) {
    return new CopyRange(
        t.original(),
        t.ghost(),
        sourceColumnNames(t),
        t.mapping().ghostColumns(),
        t.schema().keyName(),
        keyColumns,
        false,
        false,
        server.zoneHint(),
        t.mapping().copiedExpressions(t.schema()));
  }

  /** The names of the original's columns the ghost columns are filled from, in mapping order. */
  private static List<String> sourceColumnNames(io.ghostflink.job.MovedTable t) {
    List<String> names = new ArrayList<>();
    for (int i : t.mapping().sourceColumns()) {
      names.add(t.schema().columns().get(i).name());
    }
    return names;
  }

  /**
   * Copies again the rows a risky unique key kept out of the ghost table; rows that still collide
   * once the job has caught up fail the migration, as they would fail MySQL's ALTER.
   */
  private void settle(Rechecks rechecks, JobRunner runner, ProgressReader progress, long copyStart)
      throws Exception {
    try {
      rechecks.settle(
          RECHECK_ROUNDS,
          () -> {
            long target;
            try (Connection c = Connections.open(server, table.database())) {
              target = ProgressReader.sourcePosition(c);
            }
            ProgressReader.Reading r = poll(runner, progress, copyStart);
            while (r.appliedPoint() < target - 1) {
              Thread.sleep(POLL.toMillis());
              r = poll(runner, progress, copyStart);
            }
          });
    } catch (RowRefusedException e) {
      throw fail(e.getMessage() + "; " + table + " is intact; " + leftBehind(), e);
    }
  }

  /**
   * Waits until the next poll. Near the copy's end (its rows within a tenth of the estimate) it
   * looks for the copy's end every {@link #END_POLL} in between: the deferred index build and the
   * rest of the migration start that much sooner (on average half a poll, 100 ms of a 1M-row copy's
   * 6 s; docs/benchmarks.md, session 24). The estimate is InnoDB's: where it is far too high, the
   * end is seen at the next poll, as before.
   */
  private void awaitCopyEnd(ProgressReader progress, long copiedRows, long estimatedRows)
      throws InterruptedException, SQLException {
    if (copiedRows < estimatedRows * 0.9) {
      Thread.sleep(POLL.toMillis());
      return;
    }
    long until = System.nanoTime() + POLL.toNanos();
    while (System.nanoTime() < until) {
      Thread.sleep(END_POLL.toMillis());
      if (progress.copyDone()) {
        return;
      }
    }
  }

  private ProgressReader.Reading poll(JobRunner runner, ProgressReader progress, long copyStart)
      throws Exception {
    if (lockLost) {
      throw abort();
    }
    panicIfFlagged();
    if (panicked) {
      throw panic();
    }
    if (ChangelogSql.PAUSE.equals(progress.command())) {
      pauseRequested = true; // ghostflink pause, from another process
    }
    if (pauseRequested && (phase == MigrationPhase.COPY || phase == MigrationPhase.APPLY)) {
      throw new PauseRequested();
    }
    Optional<String> ended = runner.ended();
    if (ended.isPresent()) {
      throw fail(ended.get() + "; " + table + " is intact; " + leftBehind(), null);
    }
    if (System.nanoTime() - lastUnreadableCheckNanos >= UNREADABLE_CHECK.toNanos()) {
      lastUnreadableCheckNanos = System.nanoTime();
      requireReadable(++unreadableChecks % SESSIONS_EVERY == 0);
    }
    ProgressReader.Reading r = progress.read();
    try {
      boolean copying = phase == MigrationPhase.COPY && !r.copyDone();
      throttled = throttler.check(r.caughtUp() ? r.lagMillis() : -1, copying).orElse(null);
    } catch (CriticalLoadException e) {
      throw fail(e.getMessage() + "; " + table + " is intact; " + leftBehind(), e);
    }
    if (rowCount != null && rowCount.result() != null) {
      counted(rowCount.result());
    }
    double seconds = (System.nanoTime() - copyStart) / 1e9;
    double rate = seconds > 0 ? Math.max(0, r.copiedRows() - copiedBefore) / seconds : 0;
    Duration eta =
        r.copyDone()
            ? Duration.ZERO
            : rate > 0 && estimatedRows > r.copiedRows()
                ? Duration.ofSeconds((long) ((estimatedRows - r.copiedRows()) / rate))
                : null;
    lastProgress =
        new MigrationListener.Progress(
            phase,
            r.copiedRows(),
            Math.max(estimatedRows, r.copiedRows()),
            phase == MigrationPhase.COPY ? rate : 0,
            eta,
            r.lagMillis(),
            r.changesApplied(),
            throttled);
    listener.progress(lastProgress);
    if (System.nanoTime() - lastStatusHookNanos >= options.hooks().statusInterval().toNanos()) {
      lastStatusHookNanos = System.nanoTime();
      try {
        hooks.run(Hooks.Event.STATUS, Map.of("GH_OST_STATUS", lastProgress.line()));
      } catch (Hooks.HookFailedException e) {
        LOG.warn("{}", e.getMessage()); // not thrown: on-status hooks do not abort
      }
    }
    return r;
  }

  /**
   * The end of {@code --exact-rowcount}'s count: its rows become the progress's total and the
   * on-rowcount-complete hooks run, as gh-ost runs them once its count is done.
   */
  private void counted(ExactRowCount.Result result) throws MigrationFailedException {
    String line =
        result.failure() == null
            ? String.format(
                "exact row count: %,d rows in %s (counted in %.1f s)",
                result.rows(), table, result.seconds())
            : "exact row count of "
                + table
                + " failed ("
                + result.failure()
                + "); the progress goes on with the server's estimate of "
                + String.format("%,d", estimatedRows)
                + " rows";
    if (result.failure() == null) {
      estimatedRows = result.rows();
    }
    rowCount.close();
    rowCount = null;
    say(line);
    runHooks(Hooks.Event.ROWCOUNT_COMPLETE);
  }

  /**
   * Waits for {@code --exact-rowcount}'s count before the copy ({@code
   * --concurrent-rowcount=false}) as long as it takes, a lost lock and a panic still heard.
   */
  private ExactRowCount.Result awaitRowCount() throws Exception {
    ExactRowCount.Result result;
    while ((result = rowCount.await(POLL)) == null) {
      if (lockLost) {
        throw abort();
      }
      panicIfFlagged();
      if (panicked) {
        throw panic();
      }
    }
    return result;
  }

  /** Rows written since preflight may repeat values of a new unique key: check again. */
  private void requireNoNewDuplicates(TableFacts facts)
      throws SQLException, MigrationFailedException {
    try (Connection c = Connections.open(server, table.database())) {
      Map<String, String> dups = FactsReader.duplicates(c, facts);
      if (!dups.isEmpty()) {
        throw fail(
            "the new unique key would drop rows, "
                + table
                + " now has duplicates "
                + dups
                + "; "
                + table
                + " is intact; "
                + leftBehind(),
            null);
      }
    }
  }

  private void cleanup() throws SQLException {
    if (heartbeat != null) {
      heartbeat.close();
      heartbeat = null;
    }
    if (move != null) {
      try (Connection c = Connections.open(server, table.database());
          Statement s = c.createStatement();
          Connection t = Connections.open(target, ghost.database());
          Statement ts = t.createStatement()) {
        s.execute(MigrationDdl.dropIfExists(table.changelog()));
        ts.execute(MigrationDdl.dropIfExists(progressTable));
        for (TableRef moved : moved()) {
          if (options.okToDropTable()) {
            s.execute(MigrationDdl.dropIfExists(moved.magic()));
          }
          ts.execute(MigrationDdl.dropIfExists(moved.recheck().in(ghost.database())));
        }
      }
      return;
    }
    try (Connection c = Connections.open(server, table.database());
        Statement s = c.createStatement()) {
      s.execute(MigrationDdl.dropIfExists(table.changelog()));
      s.execute(MigrationDdl.dropIfExists(table.progress()));
      s.execute(MigrationDdl.dropIfExists(table.recheck()));
      if (options.okToDropTable()) {
        s.execute(MigrationDdl.dropIfExists(table.magic()));
      }
    }
  }

  /**
   * The name {@code moved}'s old table has once the migration is done: {@code _t_del}, or with
   * {@code --timestamp-old-table} gh-ost's {@code _t_<yyyyMMddHHmmss>_del} with this run's start in
   * UTC (what the hooks' {@code GH_OST_OLD_TABLE_NAME} says from the start, as gh-ost's does).
   */
  private TableRef oldTable(TableRef moved) {
    return stampsOldTables() ? moved.stampedOld(OLD_TABLE_STAMP.format(startedAt)) : moved.magic();
  }

  /** Whether the old tables are renamed after the swap (with --ok-to-drop-table they are gone). */
  private boolean stampsOldTables() {
    return options.timestampOldTable() && !options.okToDropTable();
  }

  private static final java.time.format.DateTimeFormatter OLD_TABLE_STAMP =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * With {@code --timestamp-old-table}, renames each old table {@code _t_del} to {@link #oldTable},
   * after the run is forgotten: a controller stopped before that leaves a swap that a resume
   * recognises by {@code _t_del} and finishes (renaming it then), and after it there is nothing to
   * resume. A rename that fails is told and the old table keeps {@code _t_del}: the migration is
   * done either way. It waits for the old table's metadata lock at most {@code
   * --cut-over-lock-timeout}, as the cut-over does; nobody writes that table.
   */
  private void stampOldTables() {
    if (!stampsOldTables()) {
      return;
    }
    for (TableRef moved : move == null ? List.of(table) : moved()) {
      TableRef stamped = oldTable(moved);
      try (Connection c = Connections.open(server, moved.database());
          Statement s = c.createStatement()) {
        s.execute(MigrationDdl.lockWaitTimeout(options.cutOverLockTimeout().toSeconds()));
        s.execute(MoveCutover.rename(moved.magic(), stamped));
      } catch (SQLException e) {
        String line =
            "the old table keeps the name "
                + moved.magic()
                + ": it was not renamed to "
                + stamped.table()
                + " ("
                + e.getMessage()
                + "); the migration is done";
        LOG.warn("{}", line, e);
        listener.message(line);
        continue;
      }
      say("the old table " + moved.magic() + " is kept as " + stamped.table());
      if (move == null) {
        try {
          java.nio.file.Files.writeString(
              options.stateDir().resolve(SWAPPED_OLD_TABLE_FILE), stamped.table() + "\n");
        } catch (java.io.IOException e) {
          LOG.warn("not recorded for verify (give it --old-table {}): {}", stamped.table(), e);
        }
      }
    }
  }

  private void moveTo(MigrationPhase next) {
    phase = phase.moveTo(next);
    LOG.info("Phase {}", phase);
    listener.phase(phase);
    if (heartbeat != null) {
      try {
        heartbeat.write(ChangelogSql.STATE, phase.name());
      } catch (SQLException e) {
        LOG.debug("state row not written: {}", e.getMessage());
      }
    }
  }

  private MigrationFailedException fail(String message, Throwable cause) {
    if (!phase.isFinal()) {
      failedIn = phase;
    }
    MigrationPhase failed = phase.isFinal() ? phase : phase.moveTo(MigrationPhase.FAILED);
    phase = failed;
    // said when the failure stands: a run that rides out a restart goes on (rideRestarts)
    LOG.info("Phase {}", phase);
    return new MigrationFailedException(phase, message, cause);
  }

  /** {@code --panic-flag-file}: its file appearing is a panic, as the interactive command's. */
  private void panicIfFlagged() {
    if (!panicked && options.throttle().panicFlagged()) {
      panicSource = options.throttle().panicFlagFile() + " appeared (--panic-flag-file)";
      panicked = true;
    }
  }

  private MigrationFailedException panic() {
    return fail(
        "the operator panicked (" + panicSource + "); " + table + " is intact; " + leftBehind(),
        null);
  }

  /**
   * Serves gh-ost's interactive commands on {@code --serve-socket-file}, or on gh-ost's own default
   * file ({@link ControlSocket#defaultFile}); a socket that cannot be served fails the migration,
   * unless it is one of gh-ost's default files (/tmp/gh-ost.D.T.sock), which is then only said.
   */
  private void serveSocket() throws java.io.IOException {
    java.nio.file.Path file = options.throttle().socketFile();
    if (file == null) {
      return;
    }
    boolean byDefault = ControlSocket.isDefault(file);
    try {
      socket = ControlSocket.serve(file, socketTarget());
    } catch (java.io.IOException e) {
      if (!byDefault) {
        throw e;
      }
      String line =
          "gh-ost's commands are not served on "
              + file
              + " ("
              + e.getMessage()
              + "); give --serve-socket-file for another file";
      say(line);
      return;
    }
    String line = "serving gh-ost's interactive commands on " + file;
    say(line);
  }

  // what the interactive socket asks of this migration
  private ControlSocket.Target socketTarget() {
    return new ControlSocket.Target() {
      @Override
      public String status() {
        MigrationListener.Progress p = lastProgress;
        return "migrating "
            + table
            + "; "
            + (p == null ? "phase " + phase : p.line())
            + (throttled == null ? "" : p == null ? " | throttled: " + throttled : "");
      }

      @Override
      public void write(String hint, String value) throws SQLException {
        heartbeat.write(hint, value);
      }

      @Override
      public String setting(String name) {
        return throttler.setting(name, options.chunking().describe());
      }

      @Override
      public void panic() {
        panicked = true;
      }
    };
  }

  private MigrationFailedException abort() {
    if (!phase.isFinal()) {
      failedIn = phase;
    }
    phase = phase.moveTo(MigrationPhase.ABORTED);
    LOG.info("Phase {}", phase); // said when the failure stands (rideRestarts)
    return new MigrationFailedException(
        phase,
        "the migration lock on "
            + table
            + " was lost (its MySQL session ended); aborted before any rename, "
            + table
            + " is intact; "
            + leftBehind(),
        null);
  }

  private String leftBehind() {
    if (move != null) {
      List<String> onTarget = new ArrayList<>();
      moved().forEach(t -> onTarget.add(t.table()));
      onTarget.add(progressTable.table());
      return "table "
          + table.changelog().table()
          + " on the source and tables "
          + onTarget
          + " in "
          + ghost.database()
          + " on "
          + move.server().host()
          + ":"
          + move.server().port()
          + " are left for inspection (--initially-drop-ghost-table drops them on the next run)";
    }
    return "tables "
        + List.of(
            table.ghost().table(),
            table.changelog().table(),
            table.progress().table(),
            table.recheck().table())
        + " are left for inspection (--initially-drop-ghost-table drops them on the next run)";
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("closing: {}", e.getMessage());
    }
  }
}
