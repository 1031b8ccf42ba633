package io.ghostflink.controller.lifecycle;

import java.time.Duration;

/**
 * The end of a successful migration in numbers.
 *
 * @param cutOverLockTime how long writers were blocked in the successful cut-over attempt
 */
public record MigrationSummary(
    long rowsCopied,
    long changesApplied,
    Duration copyTime,
    Duration cutOverLockTime,
    int cutOverAttempts,
    Duration total) {

  public double copyRowsPerSecond() {
    return copyTime.toMillis() == 0 ? rowsCopied : rowsCopied * 1000.0 / copyTime.toMillis();
  }

  public String describe() {
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
