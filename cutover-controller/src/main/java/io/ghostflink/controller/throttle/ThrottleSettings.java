package io.ghostflink.controller.throttle;

import io.ghostflink.operators.jdbc.ServerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * When the copy holds back, with gh-ost's flags (docs/operations.md, "Throttling").
 *
 * @param maxLoad throttle while a global status variable exceeds its threshold
 * @param criticalLoad abort the migration when a global status variable exceeds its threshold
 * @param criticalLoadInterval when not zero, look again after this long and abort only if it still
 *     exceeds
 * @param flagFile throttle while this file exists (null: none)
 * @param throttleQuery throttle while this query returns a positive number (null: none)
 * @param throttleHttp throttle while this URL answers anything but 200 (null: none)
 * @param maxLag throttle while the ghost table lags the binlog by more than this
 * @param socketFile where gh-ost's interactive commands are served (null: nowhere)
 * @param controlReplicas replicas whose lag behind the heartbeat throttles too, over {@code maxLag}
 * @param maxCommitLatencyRatio hold the copy while the server's commits take over this many times
 *     what they took without it ({@link CommitLatencyGuard}; 0: never)
 * @param maxCheckpointAgeRatio start no new chunk while the InnoDB checkpoint age of the server the
 *     copy writes to is over this fraction of its redo log's capacity (0: never); the copy's
 *     planner checks it before every chunk
 * @param niceRatio after each chunk, its reader rests this many times the chunk's time (gh-ost's
 *     {@code --nice-ratio}; 0: never)
 * @param maxCpuRatio where MySQL runs on the machine of the copy's planner (a loopback address),
 *     start no new chunk while other sessions write and the machine's CPUs are busier than this
 *     share of their time (0: never)
 * @param panicFlagFile when this file appears, the migration stops at once, the table intact and
 *     the ghost tables left (gh-ost's {@code --panic-flag-file}, as the interactive {@code panic});
 *     null: none
 * @param additionalFlagFile throttle while this file exists too (gh-ost's {@code
 *     --throttle-additional-flag-file}: a file shared by every migration on the host, by default
 *     gh-ost's {@code /tmp/gh-ost.throttle}); null: none
 */
public record ThrottleSettings(
    LoadThresholds maxLoad,
    LoadThresholds criticalLoad,
    Duration criticalLoadInterval,
    Path flagFile,
    String throttleQuery,
    HttpThrottle.Check throttleHttp,
    Duration maxLag,
    Path socketFile,
    List<ServerAddress> controlReplicas,
    double maxCommitLatencyRatio,
    double maxCheckpointAgeRatio,
    double niceRatio,
    double maxCpuRatio,
    Path panicFlagFile,
    Path additionalFlagFile) {

  /** The default {@code --max-commit-latency-ratio}. */
  public static final double DEFAULT_COMMIT_LATENCY_RATIO = 3;

  /** The default {@code --max-checkpoint-age-ratio} (docs/benchmarks.md, session 10). */
  public static final double DEFAULT_CHECKPOINT_AGE_RATIO = 0.7;

  /** The default {@code --max-cpu-ratio} (docs/benchmarks.md, session 15). */
  public static final double DEFAULT_CPU_RATIO = 0.65;

  /** gh-ost's defaults (the lag throttles, above 1.5 s), and the commit-latency guard. */
  public static final ThrottleSettings DEFAULTS =
      new ThrottleSettings(
          LoadThresholds.NONE,
          LoadThresholds.NONE,
          Duration.ZERO,
          null,
          null,
          null,
          Duration.ofMillis(1500),
          null,
          List.of(),
          DEFAULT_COMMIT_LATENCY_RATIO,
          DEFAULT_CHECKPOINT_AGE_RATIO,
          0,
          DEFAULT_CPU_RATIO,
          null,
          null);

  /** The same settings, stopped at once when {@code file} appears ({@code --panic-flag-file}). */
  public ThrottleSettings withPanicFlagFile(Path file) {
    return with(flagFile, socketFile, controlReplicas, file);
  }

  /** Whether the panic flag file exists (never, without one). */
  public boolean panicFlagged() {
    return panicFlagFile != null && java.nio.file.Files.exists(panicFlagFile);
  }

  /** The same settings, with gh-ost's interactive commands served on {@code file}. */
  public ThrottleSettings withSocket(Path file) {
    return with(flagFile, file, controlReplicas, panicFlagFile);
  }

  /** The same settings, with the lag of {@code replicas} throttling too. */
  public ThrottleSettings withReplicas(List<ServerAddress> replicas) {
    return with(flagFile, socketFile, replicas, panicFlagFile);
  }

  /** The same settings, throttled while {@code file} exists. */
  public ThrottleSettings withFlagFile(Path file) {
    return with(file, socketFile, controlReplicas, panicFlagFile);
  }

  private ThrottleSettings with(
      Path flag, Path socket, List<ServerAddress> replicas, Path panicFlagFile) {
    return new ThrottleSettings(
        maxLoad,
        criticalLoad,
        criticalLoadInterval,
        flag,
        throttleQuery,
        throttleHttp,
        maxLag,
        socket,
        replicas,
        maxCommitLatencyRatio,
        maxCheckpointAgeRatio,
        niceRatio,
        maxCpuRatio,
        panicFlagFile,
        additionalFlagFile);
  }

  public ThrottleSettings {
    controlReplicas = List.copyOf(controlReplicas);
    if (criticalLoadInterval.isNegative()) {
      throw new IllegalArgumentException("--critical-load-interval-millis must not be negative");
    }
    if (!io.ghostflink.operators.copy.LatencyHold.isRatio(maxCommitLatencyRatio)) {
      throw new IllegalArgumentException(
          "--max-commit-latency-ratio must be over 1, or 0 to turn the guard off");
    }
    if (!io.ghostflink.operators.copy.RedoGauge.isRatio(maxCheckpointAgeRatio)) {
      throw new IllegalArgumentException(
          "--max-checkpoint-age-ratio must be a fraction of the redo log from 0 to under 1 (e.g."
              + " 0.7), or 0 to turn it off");
    }
    if (!io.ghostflink.operators.copy.CopySpec.isNiceRatio(niceRatio)) {
      throw new IllegalArgumentException(
          "--nice-ratio must be from 0 to 100 (e.g. 0.5: rest half a chunk's time after each)");
    }
    if (!io.ghostflink.operators.copy.CopySpec.isCpuRatio(maxCpuRatio)) {
      throw new IllegalArgumentException(
          "--max-cpu-ratio must be a share of the machine's CPU from 0 to 1 (e.g. 0.65), or 0 to"
              + " turn it off");
    }
    if (maxLag.toMillis() < 100) {
      throw new IllegalArgumentException("--max-lag-millis must be at least 100");
    }
  }
}
