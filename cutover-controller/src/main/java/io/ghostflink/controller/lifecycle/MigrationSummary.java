package io.ghostflink.controller.lifecycle;

import java.time.Duration;

/**
 * The end of a successful migration in numbers.
 *
 * @param rowsCopied rows the copy read, in this run and the runs it resumed
 * @param rowsCopiedBefore of those, the rows earlier runs had copied (a resume), not in the rate
 * @param cutOverLockTime how long writers were blocked in the successful cut-over attempt
 * @param successHookFailure what went wrong in the on-success hooks (the swap stands), or null
 * @param algorithm {@code INSTANT} or {@code INPLACE} when MySQL did the ALTER on the table itself,
 *     changing only metadata ({@code --attempt-instant-ddl}): nothing was copied, and {@code
 *     cutOverLockTime} is the ALTER's time; null when the rows were copied
 */
public record MigrationSummary(
    long rowsCopied,
    long rowsCopiedBefore,
    long changesApplied,
    Duration copyTime,
    Duration cutOverLockTime,
    int cutOverAttempts,
    Duration total,
    String successHookFailure,
    String algorithm) {

  /** A resume that found the swap already done by the run before it, and only cleaned up. */
  public static MigrationSummary finishedEarlier(Duration total, String successHookFailure) {
    return new MigrationSummary(
        0, 0, 0, Duration.ZERO, Duration.ZERO, 0, total, successHookFailure, null);
  }

  /** An ALTER MySQL did with {@code algorithm} in {@code alterTime}, at attempt {@code attempt}. */
  public static MigrationSummary inPlace(
      String algorithm,
      Duration alterTime,
      int attempt,
      Duration total,
      String successHookFailure) {
    return new MigrationSummary(
        0, 0, 0, Duration.ZERO, alterTime, attempt, total, successHookFailure, algorithm);
  }

  /** Whether MySQL did the ALTER on the table itself, with no copy and no swap. */
  public boolean doneInPlace() {
    return algorithm != null;
  }

  /** This run's copy rate: the rows it copied over its copy's time. */
  public double copyRowsPerSecond() {
    long rows = rowsCopied - rowsCopiedBefore;
    return copyTime.toMillis() == 0 ? rows : rows * 1000.0 / copyTime.toMillis();
  }

  public String describe() {
    if (doneInPlace()) {
      return String.format(
          "done by MySQL with ALGORITHM=%s (metadata only, no row copied) in %d ms (attempt %d),"
              + " total: %.1f s",
          algorithm, cutOverLockTime.toMillis(), cutOverAttempts, total.toMillis() / 1000.0);
    }
    if (cutOverAttempts == 0) {
      return String.format(
          "the swap had completed before this run; cleaned up in %.1f s",
          total.toMillis() / 1000.0);
    }
    String copied =
        rowsCopiedBefore == 0
            ? String.format("rows copied: %d", rowsCopied)
            : String.format("rows copied: %d (%d before this run)", rowsCopied, rowsCopiedBefore);
    String rate =
        rowsCopied > rowsCopiedBefore || rowsCopied == 0
            ? String.format("copy rate: %.0f rows/s", copyRowsPerSecond())
            : "copy rate: - (copied before this run)";
    return String.format(
        "%s, changes applied: %d, %s, cut-over lock: %d ms (attempt %d), total: %.1f s",
        copied,
        changesApplied,
        rate,
        cutOverLockTime.toMillis(),
        cutOverAttempts,
        total.toMillis() / 1000.0);
  }
}
