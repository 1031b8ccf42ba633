package io.ghostflink.controller.lifecycle;

import java.time.Duration;

/** What the controller tells its caller (the CLI's progress line, a test) while it runs. */
public interface MigrationListener {
  MigrationListener NONE = new MigrationListener() {};

  /**
   * One progress reading.
   *
   * @param eta null while unknown
   * @param throttled why the copy holds back, or null
   */
  record Progress(
      MigrationPhase phase,
      long copiedRows,
      long estimatedRows,
      double rowsPerSecond,
      Duration eta,
      long lagMillis,
      long changesApplied,
      String throttled) {

    /** One plain progress line. */
    public String line() {
      long total = Math.max(1, estimatedRows);
      return String.format(
          java.util.Locale.ROOT,
          "%s: %,d of ~%,d rows copied (%d%%), %,.0f rows/s%s | lag %d ms | %,d changes applied%s",
          phase,
          copiedRows,
          estimatedRows,
          Math.min(100, copiedRows * 100 / total),
          rowsPerSecond,
          eta == null ? "" : ", ETA " + eta.toSeconds() + " s",
          lagMillis,
          changesApplied,
          throttled == null ? "" : " | throttled: " + throttled);
    }
  }

  default void phase(MigrationPhase phase) {}

  /** The Flink job was submitted and runs in {@code runner}. */
  default void jobStarted(io.ghostflink.controller.flink.JobRunner runner) {}

  default void progress(Progress progress) {}

  /** Something the operator should read: a failed cut-over attempt, a note. */
  default void message(String line) {}
}
