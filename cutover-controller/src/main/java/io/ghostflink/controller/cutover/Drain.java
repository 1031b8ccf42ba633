package io.ghostflink.controller.cutover;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waiting, with writers held, until the job has applied every change before a binlog position: the
 * cut-over's drain and the checksum's consistent point.
 */
public final class Drain {
  private static final Duration POLL = Duration.ofMillis(5);

  /** A check before each look (a lock session still alive, say); throws when it is not. */
  @FunctionalInterface
  public interface Check {
    void run() throws SQLException;
  }

  private Drain() {}

  /**
   * Returns once {@code appliedPoint} reaches {@code drain - 1}.
   *
   * @param start when the writers were first held (System.nanoTime)
   * @param lockTimeout how long they may be held in all
   * @param stop why to stop now, or null
   * @param what the point, for the timeout's message ("the drain point")
   * @throws TimeoutException not applied by {@code start + lockTimeout}
   * @throws SQLException a stop reason, or a failed check or read
   */
  public static void await(
      SameServerCutover.AppliedPoint appliedPoint,
      long drain,
      long start,
      Duration lockTimeout,
      Supplier<String> stop,
      Check check,
      String what)
      throws SQLException, TimeoutException, InterruptedException {
    long deadline = start + lockTimeout.toNanos();
    long applied;
    while ((applied = appliedPoint.read()) < drain - 1) {
      check.run();
      String reason = stop.get();
      if (reason != null) {
        throw new SQLException(reason);
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "the job had not applied the changes up to "
                + what
                + " within "
                + lockTimeout.toMillis()
                + " ms (applied "
                + applied
                + ", drain "
                + drain
                + ")");
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
