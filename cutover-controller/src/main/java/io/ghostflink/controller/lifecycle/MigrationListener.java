package io.ghostflink.controller.lifecycle;

import java.time.Duration;

/** What the controller tells its caller (the CLI's progress line, a test) while it runs. */
public interface MigrationListener {
  MigrationListener NONE = new MigrationListener() {};

  /**
   * One progress reading.
   *
   * @param eta null while unknown
   */
  record Progress(
      MigrationPhase phase,
      long copiedRows,
      long estimatedRows,
      double rowsPerSecond,
      Duration eta,
      long lagMillis,
      long changesApplied) {}

  default void phase(MigrationPhase phase) {}

  /** The Flink job was submitted and runs in {@code runner}. */
  default void jobStarted(io.ghostflink.controller.flink.JobRunner runner) {}

  default void progress(Progress progress) {}

  /** Something the operator should read: a failed cut-over attempt, a note. */
  default void message(String line) {}
}
