package io.ghostflink.controller.cli;

import io.ghostflink.controller.flink.FlinkSession;
import io.ghostflink.controller.hooks.HookSettings;
import io.ghostflink.controller.lifecycle.MigrationListener;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.metrics.ControllerMetrics;
import io.ghostflink.controller.throttle.HttpThrottle;
import io.ghostflink.controller.throttle.LoadThresholds;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags migrate and resume share: the table, the tuning and the cut-over settings. */
public final class MigrationFlags {
  @Mixin TableOptions target;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "copy readers and sink subtasks (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--quiet-parallelism",
      paramLabel = "N",
      description =
          "copy readers while no other session changes rows on the server; when one does, the copy"
              + " narrows to --parallelism readers within a quarter second (default: 2 with the"
              + " embedded Flink, --parallelism on a Flink cluster; 1: never wider)")
  Integer quietParallelism;

  @Option(
      names = "--chunk-size",
      defaultValue = "1000",
      description =
          "rows of the first copy chunk; with --chunk-time 0, of every chunk"
              + " (default: ${DEFAULT-VALUE})")
  int chunkSize;

  @Option(
      names = "--chunk-time",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description =
          "target time of one copy chunk: chunk sizes follow the measured time of the last"
              + " chunks, between 100 and 100000 rows; 0 for fixed --chunk-size chunks"
              + " (default: ${DEFAULT-VALUE})")
  Duration chunkTime;

  @Option(
      names = "--quiet-chunk-time",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description =
          "target time of one copy chunk once no other session has changed a row on the server"
              + " for 10 s, where it is longer than --chunk-time: 500ms copied 10-16%% faster"
              + " than 100ms chunks on the bench; any changed row brings --chunk-time back at once (0:"
              + " --chunk-time throughout; default: ${DEFAULT-VALUE})")
  Duration quietChunkTime;

  @Option(
      names = "--copy",
      paramLabel = "server|stream",
      description =
          "how rows are copied, both without locks: server (MySQL copies each chunk) or stream"
              + " (the job reads and writes the rows; the mode for another server)"
              + " (default: server for migrate, stream for move; a resume keeps the migration's"
              + " mode)")
  String copy;

  @Option(
      names = "--defer-secondary-indexes",
      paramLabel = "auto|on|off",
      defaultValue = "auto",
      description =
          "build the new table's plain secondary indexes after the copy, in one online ALTER,"
              + " instead of row by row while it copies: auto does so when no other session"
              + " writes as the copy starts (the build is a burst of writes the throttle cannot"
              + " pace), the server has no replica (a replica runs the build as one statement that"
              + " holds its applier) and no --throttle-control-replicas are named (default:"
              + " ${DEFAULT-VALUE})")
  String deferSecondaryIndexes;

  @Option(
      names = "--max-load",
      paramLabel = "STATUS=N[,...]",
      description =
          "hold back the copy while a global status variable exceeds its threshold, e.g."
              + " Threads_running=25")
  String maxLoad;

  @Option(
      names = "--critical-load",
      paramLabel = "STATUS=N[,...]",
      description =
          "abort the migration (the table stays intact) when a global status variable exceeds its"
              + " threshold, e.g. Threads_running=200")
  String criticalLoad;

  @Option(
      names = "--critical-load-interval-millis",
      defaultValue = "0",
      description =
          "when not 0, a critical load must still hold this long later to abort (default:"
              + " ${DEFAULT-VALUE})")
  long criticalLoadIntervalMillis;

  @Option(names = "--throttle-flag-file", description = "hold back the copy while this file exists")
  Path throttleFlagFile;

  @Option(
      names = "--throttle-additional-flag-file",
      defaultValue = "/tmp/gh-ost.throttle",
      paramLabel = "FILE",
      description =
          "hold back the copy while this file exists too: gh-ost's flag and default, a file every"
              + " migration on the host looks at (\"\": none; default: ${DEFAULT-VALUE})")
  String throttleAdditionalFlagFile;

  @Option(
      names = "--panic-flag-file",
      description =
          "stop the migration at once when this file appears (the table intact, the ghost tables"
              + " left; gh-ost's flag); the controller looks every 200 ms")
  Path panicFlagFile;

  @Option(
      names = "--throttle-query",
      description = "hold back the copy while this query returns a positive number")
  String throttleQuery;

  @Option(
      names = "--nice-ratio",
      defaultValue = "0",
      description =
          "after each chunk, rest this many times the chunk's time, 0 to 100 (gh-ost's flag; e.g."
              + " 1 halves the copy's share of the server; default: ${DEFAULT-VALUE})")
  double niceRatio;

  @Option(
      names = "--throttle-http",
      description =
          "hold back the copy while a HEAD request to this URL answers anything but 200 (e.g. the"
              + " application's own health check of its latency)")
  String throttleHttp;

  @Option(
      names = "--throttle-http-interval-millis",
      defaultValue = "100",
      description = "how often --throttle-http is asked (default: ${DEFAULT-VALUE})")
  long throttleHttpIntervalMillis;

  @Option(
      names = "--throttle-http-timeout-millis",
      defaultValue = "1000",
      description =
          "an answer of --throttle-http slower than this counts as an error (default:"
              + " ${DEFAULT-VALUE})")
  long throttleHttpTimeoutMillis;

  @Option(
      names = "--ignore-http-errors",
      description =
          "let the copy go on when --throttle-http cannot be reached (default: an error holds it)")
  boolean ignoreHttpErrors;

  @Option(
      names = "--max-lag-millis",
      defaultValue = "1500",
      description =
          "hold back the copy while the ghost table lags the binlog by more (default:"
              + " ${DEFAULT-VALUE})")
  long maxLagMillis;

  @Option(
      names = "--max-commit-latency-ratio",
      defaultValue = "3",
      description =
          "hold back the copy while the server's commits (the heartbeat's), or other sessions'"
              + " writes, take over this many times what they took without it, and after a hold"
              + " for other sessions' writes rest after each chunk from then on; 0: never"
              + " (default: ${DEFAULT-VALUE})")
  double maxCommitLatencyRatio;

  @Option(
      names = "--max-checkpoint-age-ratio",
      paramLabel = "FRACTION",
      defaultValue = "0.7",
      description =
          "start no new chunk while InnoDB's checkpoint age is over this fraction of the redo log"
              + " (near its end InnoDB flushes synchronously and every writer waits); 0: never"
              + " (default: ${DEFAULT-VALUE})")
  double maxCheckpointAgeRatio;

  @Option(
      names = "--max-cpu-ratio",
      paramLabel = "FRACTION",
      defaultValue = "0.65",
      description =
          "where MySQL runs on this machine (a loopback --host), start no new chunk while other"
              + " sessions write and the machine's CPUs are busier than this share of their time"
              + " (near capacity the writers' latency follows the CPU); 0: never"
              + " (default: ${DEFAULT-VALUE})")
  double maxCpuRatio;

  @Option(
      names = "--throttle-control-replicas",
      paramLabel = "HOST[:PORT][,...]",
      description =
          "replicas whose lag behind the migration's heartbeat throttles the copy over"
              + " --max-lag-millis (same user and password as --host)")
  String throttleControlReplicas;

  @Option(
      names = "--serve-socket-file",
      description =
          "serve gh-ost's interactive commands (status, throttle, no-throttle, chunk-size=,"
              + " max-load=, critical-load=, max-lag-millis=, panic) on this Unix socket (default:"
              + " gh-ost's, /tmp/gh-ost.DATABASE.TABLE.sock, where it can be served)")
  Path serveSocketFile;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Flink checkpoint interval (default: ${DEFAULT-VALUE})")
  Duration checkpointInterval;

  @Option(
      names = "--cut-over-lock-timeout",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "longest time one cut-over attempt blocks writers (default: ${DEFAULT-VALUE})")
  Duration cutOverLockTimeout;

  @Option(
      names = "--max-cut-over-attempts",
      defaultValue = "10",
      description = "cut-over attempts before giving up (default: ${DEFAULT-VALUE})")
  int maxCutOverAttempts;

  @Option(
      names = "--cut-over-max-lag",
      defaultValue = "1500ms",
      converter = DurationConverter.class,
      description =
          "start a cut-over only when the ghost table lags less (default: ${DEFAULT-VALUE})")
  Duration cutOverMaxLag;

  @Option(
      names = "--wait-for-restart",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "when MySQL restarts during the migration (a crash, an upgrade), wait this long for it"
              + " to answer again, then go on from the last checkpoint; 0: fail at once, resumable"
              + " (default: ${DEFAULT-VALUE})")
  Duration waitForRestart;

  @Option(
      names = "--ok-to-drop-table",
      description = "drop the old table _<table>_del after the swap")
  boolean okToDropTable;

  @Option(
      names = "--timestamp-old-table",
      description =
          "after the swap, rename the old table _<table>_del to _<table>_<yyyyMMddHHmmss>_del (the"
              + " run's start, UTC), so that later migrations of the table keep theirs beside it")
  boolean timestampOldTable;

  @Option(
      names = "--initially-drop-ghost-table",
      description = "drop a previous run's ghost, changelog and progress tables first")
  boolean initiallyDropGhostTable;

  @Option(
      names = "--initially-drop-old-table",
      description = "drop a previous migration's old table _<table>_del first")
  boolean initiallyDropOldTable;

  @Option(
      names = "--postpone-cut-over-flag-file",
      description =
          "while this file exists, wait before the cut-over with the ghost table kept current"
              + " (delete it, or run ghostflink unpostpone, to go on)")
  Path postponeCutOverFlagFile;

  @Option(
      names = "--hooks-path",
      description =
          "a directory of hook executables named as gh-ost names them (gh-ost-on-startup…) or"
              + " ghostflink-on-…; none by default")
  Path hooksPath;

  @Option(
      names = "--hooks-hint",
      defaultValue = "",
      description = "a free text passed to every hook as GH_OST_HOOKS_HINT")
  String hooksHint;

  @Option(
      names = "--hooks-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "how long one hook may run before it is killed and fails (default: ${DEFAULT-VALUE})")
  Duration hooksTimeout;

  @Option(
      names = "--hooks-status-interval",
      defaultValue = "60s",
      converter = DurationConverter.Seconds.class,
      description = "how often the on-status hooks run (default: ${DEFAULT-VALUE})")
  Duration hooksStatusInterval;

  @Option(
      names = "--skip-checksum",
      description =
          "swap without first comparing every row of the ghost table with the original (the"
              + " checksum holds writers for about as long as a cut-over, once)")
  boolean skipChecksum;

  @Option(
      names = "--skip-analyze-table",
      description =
          "swap without first running ANALYZE TABLE on the ghost table and carrying the"
              + " original's histograms to it (the swapped table then serves with the statistics"
              + " InnoDB last computed in the background, and without histograms)")
  boolean skipAnalyzeTable;

  @Option(
      names = {"--server-id", "--replica-server-id"},
      description =
          "replication server id of the binlog reader (default: random; --replica-server-id is"
              + " gh-ost's name)")
  Integer serverId;

  @Option(
      names = "--flink-rest-url",
      paramLabel = "URL",
      description =
          "run the job on this Flink session cluster (http://host:port of its JobManager's REST"
              + " endpoint) instead of in ghostflink's own JVM; its checkpoints go to --checkpoint-dir,"
              + " or to --state-dir, which its task managers must then reach at the same path"
              + " (docs/deploy.md). A resume uses the cluster its migration ran on")
  java.net.URI flinkRestUrl;

  @Option(
      names = "--flink-job-jar",
      paramLabel = "FILE",
      description =
          "the job jar submitted to the cluster (default: the build's"
              + " job/target/ghostflink-job-VERSION-cluster.jar)")
  Path flinkJobJar;

  @Option(
      names = "--flink-password-from",
      paramLabel = "env:NAME|file:PATH",
      defaultValue = FlinkSession.DEFAULT_PASSWORD_FROM,
      description =
          "on a Flink cluster: where its JobManager and task managers read the MySQL password, so"
              + " it is never in the job graph (default: ${DEFAULT-VALUE})")
  String flinkPasswordFrom;

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "URI",
      description =
          "with --flink-rest-url: where the job's checkpoints and savepoints go, a directory URI"
              + " the cluster and this controller both reach (s3://…, hdfs://…, file:///…; Flink's"
              + " filesystem plugins from $FLINK_PLUGINS_DIR) (default: --state-dir; a resume uses"
              + " the migration's)")
  java.net.URI checkpointDir;

  @Option(
      names = "--flink-target-password-from",
      paramLabel = "env:NAME|file:PATH",
      defaultValue = FlinkSession.DEFAULT_TARGET_PASSWORD_FROM,
      description = "the same for a move's target password (default: ${DEFAULT-VALUE})")
  String flinkTargetPasswordFrom;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "serve the controller's figures (phase, copy, lag, throttle, cut-over) for Prometheus"
              + " at http://host:PORT/metrics while the migration runs (default: not served)")
  Integer metricsPort;

  /**
   * The Prometheus endpoint wrapping {@code progress}, or null when not asked for (or a dry run).
   */
  ControllerMetrics metrics(boolean execute, MigrationListener progress) {
    return execute && metricsPort != null ? ControllerMetrics.serve(metricsPort, progress) : null;
  }

  TableRef table() throws java.sql.SQLException {
    return target.table();
  }

  Path stateDir() throws java.sql.SQLException {
    return target.stateDir();
  }

  MigrationOptions options(ConnectionOptions connection, String alter, boolean execute)
      throws java.sql.SQLException {
    return options(connection, alter, execute, null);
  }

  /** The options of a migrate ({@code move} null) or of a move to {@code move}. */
  MigrationOptions options(
      ConnectionOptions connection,
      String alter,
      boolean execute,
      io.ghostflink.controller.lifecycle.MoveTarget move)
      throws java.sql.SQLException {
    ServerAddress server = connection.address();
    // the flags are checked (by the options) before the server is asked how it stores the names
    return new MigrationOptions(
            server,
            target.typedTable(),
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
            target.typedStateDir(),
            serverId != null
                ? serverId
                : ThreadLocalRandom.current().nextInt(100_000, 2_000_000_000),
            CopyMode.ofFlag(copy != null ? copy : move == null ? "server" : "stream"),
            throttle().withReplicas(replicas(server)),
            !skipChecksum,
            new HookSettings(hooksPath, hooksHint, hooksTimeout, hooksStatusInterval),
            postponeCutOverFlagFile,
            move,
            flinkSession(flinkRestUrl),
            quietParallelism(),
            io.ghostflink.controller.lifecycle.DeferredIndexes.Mode.ofFlag(deferSecondaryIndexes),
            quietChunkTime,
            waitForRestart,
            false,
            io.ghostflink.controller.lifecycle.ExactRowCount.Mode.ESTIMATE,
            !skipAnalyzeTable,
            timestampOldTable)
        .named(table(), stateDir());
  }

  // the flag's value, 0 when not given (the default; the options check the range of the rest)
  private int quietParallelism() {
    if (quietParallelism == null) {
      return 0;
    }
    if (quietParallelism < 1) { // 0 is the options' "not given"
      throw new IllegalArgumentException("--quiet-parallelism must be between 1 and 64");
    }
    return quietParallelism;
  }

  /** The cluster at {@code restUrl} with the job jar of the flags or the build; null for none. */
  FlinkSession flinkSession(java.net.URI restUrl) {
    if (restUrl == null) {
      if (checkpointDir != null) {
        throw new IllegalArgumentException(
            "--checkpoint-dir is for a Flink cluster: give --flink-rest-url too");
      }
      if (flinkJobJar != null) {
        throw new IllegalArgumentException(
            "--flink-job-jar is for a Flink cluster: give --flink-rest-url too");
      }
      return null;
    }
    String built = System.getProperty(FlinkSession.JOB_JAR_PROPERTY);
    return new FlinkSession(
        restUrl,
        flinkJobJar != null
            ? flinkJobJar
            : built == null || built.isBlank() ? null : Path.of(built),
        flinkPasswordFrom,
        flinkTargetPasswordFrom,
        checkpointDir);
  }

  // host[:port],... with the primary's user and password
  private List<ServerAddress> replicas(ServerAddress primary) {
    List<ServerAddress> replicas = new ArrayList<>();
    if (throttleControlReplicas == null || throttleControlReplicas.isBlank()) {
      return replicas;
    }
    for (String r : throttleControlReplicas.split(",")) {
      replicas.add(
          ConnectionOptions.hostPort(r, primary, "--throttle-control-replicas")
              .withSqlMode(primary.sqlMode()));
    }
    return replicas;
  }

  ThrottleSettings throttle() {
    if (throttleQuery != null && throttleQuery.isBlank()) {
      throw new IllegalArgumentException(
          "--throttle-query is empty; give a SELECT or leave it out");
    }
    return new ThrottleSettings(
        LoadThresholds.parse("--max-load", maxLoad),
        LoadThresholds.parse("--critical-load", criticalLoad),
        Duration.ofMillis(criticalLoadIntervalMillis),
        throttleFlagFile,
        throttleQuery,
        throttleHttp == null
            ? null
            : new HttpThrottle.Check(
                HttpThrottle.Check.parse(throttleHttp),
                Duration.ofMillis(throttleHttpIntervalMillis),
                Duration.ofMillis(throttleHttpTimeoutMillis),
                ignoreHttpErrors),
        Duration.ofMillis(maxLagMillis),
        serveSocketFile != null
            ? serveSocketFile
            : io.ghostflink.controller.throttle.ControlSocket.defaultFile(target.typedTable()),
        List.of(),
        maxCommitLatencyRatio,
        maxCheckpointAgeRatio,
        niceRatio,
        maxCpuRatio,
        panicFlagFile,
        throttleAdditionalFlagFile.isBlank() ? null : Path.of(throttleAdditionalFlagFile));
  }
}
