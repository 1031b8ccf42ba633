package io.ghostflink.controller.lifecycle;

import java.time.Duration;

/**
 * The end of a successful migration in numbers.
 *
 * @param cutOverLockTime how long writers were blocked in the successful cut-over attempt
 * @param successHookFailure what went wrong in the on-success hooks (the swap stands), or null
 */
public record MigrationSummary(
    long rowsCopied,
    long changesApplied,
    Duration copyTime,
    Duration cutOverLockTime,
    int cutOverAttempts,
    Duration total,
    String successHookFailure) {

  /** A resume that found the swap already done by the run before it, and only cleaned up. */
  public static MigrationSummary finishedEarlier(Duration total, String successHookFailure) {
    return new MigrationSummary(0, 0, Duration.ZERO, Duration.ZERO, 0, total, successHookFailure);
  }

  public double copyRowsPerSecond() {
    return copyTime.toMillis() == 0 ? rowsCopied : rowsCopied * 1000.0 / copyTime.toMillis();
  }

  public String describe() {
    if (cutOverAttempts == 0) {
      return String.format(
          "the swap had completed before this run; cleaned up in %.1f s",
          total.toMillis() / 1000.0);
    }
    return String.format(
        "rows copied: %d, changes applied: %d, copy rate: %.0f rows/s, cut-over lock: %d ms"
            + " (attempt %d), total: %.1f s",
        rowsCopied,
        changesApplied,
        copyRowsPerSecond(),
        cutOverLockTime.toMillis(),
        cutOverAttempts,
        total.toMillis() / 1000.0);
  }
}
