package io.ghostflink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * An application that writes now and then: one autocommitted single-row INSERT into a table of its
 * own every {@code intervalMs}, on one session it keeps, each commit's latency counted from its
 * scheduled start. Too rare for the copy's planner to count it as a writer by its rate (two rows a
 * second), so it shows what a migration costs such a writer (docs/benchmarks.md, sessions 19 and
 * 22).
 */
final class LightWriter implements AutoCloseable {
  /** One commit: when it was scheduled (on the writers' clock) and how long it took, in ms. */
  record Commit(long scheduledNanos, double latencyMs) {}

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Commit> commits = new ArrayList<>();
  private final Thread thread;
  private volatile Throwable failure;

  /**
   * Starts writing into {@code light} (created if missing) through {@code jdbcUrl}; {@code clock}
   * is the clock the commits are scheduled on (nanoseconds). {@code unseen}: the session calls
   * itself ghostflink (its {@code program_name} connection attribute), so the copy's planner does
   * not count it as another session, as it would miss one that writes less often than it looks
   * back.
   */
  LightWriter(
      String jdbcUrl,
      String user,
      String password,
      long intervalMs,
      boolean unseen,
      java.util.function.LongSupplier clock) {
    String url =
        unseen
            ? jdbcUrl
                + (jdbcUrl.contains("?") ? "&" : "?")
                + "connectionAttributes=program_name:ghostflink"
            : jdbcUrl;
    thread =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection(url, user, password);
                  Statement s = c.createStatement()) {
                s.execute(
                    "CREATE TABLE IF NOT EXISTS light (id BIGINT AUTO_INCREMENT PRIMARY KEY)");
                long next = clock.getAsLong();
                while (running.get()) {
                  long wait = next - clock.getAsLong();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                  }
                  s.executeUpdate("INSERT INTO light VALUES ()");
                  double ms = (clock.getAsLong() - next) / 1e6;
                  synchronized (commits) {
                    commits.add(new Commit(next, ms));
                  }
                  next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
                }
              } catch (SQLException | RuntimeException e) {
                failure = e;
              }
            },
            "light-writer");
    thread.setDaemon(true); // a case that fails must not keep the bench's JVM alive
    thread.start();
  }

  /** The commits scheduled from {@code from} to {@code to} (the writers' clock, nanoseconds). */
  List<Commit> between(long from, long to) {
    synchronized (commits) {
      return commits.stream()
          .filter(c -> c.scheduledNanos() >= from && c.scheduledNanos() < to)
          .toList();
    }
  }

  /**
   * "n commits, median a ms, p90 b ms, max c ms" of {@code commits}, and when each commit over 50
   * ms was scheduled, in seconds after {@code from} (the case's start).
   */
  static String describe(List<Commit> commits, long from) {
    if (commits.isEmpty()) {
      return "no commits";
    }
    double[] ms = commits.stream().mapToDouble(Commit::latencyMs).sorted().toArray();
    String slow =
        commits.stream()
            .filter(c -> c.latencyMs() > 50)
            .map(
                c ->
                    String.format(
                        "%.1f ms at +%.1f s", c.latencyMs(), (c.scheduledNanos() - from) / 1e9))
            .collect(java.util.stream.Collectors.joining(", "));
    return String.format(
            "%d commits, median %.1f ms, p90 %.1f ms, max %.1f ms",
            ms.length,
            ms[ms.length / 2],
            ms[(int) Math.ceil(ms.length * 0.9) - 1],
            ms[ms.length - 1])
        + (slow.isEmpty() ? "" : " (over 50 ms: " + slow + ")");
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
    if (failure != null) {
      throw new IllegalStateException("the light writer failed: " + failure.getMessage(), failure);
    }
  }
}
