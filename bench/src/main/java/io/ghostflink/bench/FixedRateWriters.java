package io.ghostflink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An application at a fixed rate: sysbench's {@code oltp_write_only} transaction (an index update,
 * a non-index update, a delete and an insert of one random row) scheduled at {@code rate} per
 * second over {@code threads} sessions, each transaction's latency counted from its scheduled
 * start, so a writer that falls behind shows its queue as an application would feel it. Latencies
 * are kept per second of scheduled time.
 */
final class FixedRateWriters implements AutoCloseable {
  private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

  /** What one second of scheduled time saw: the latencies of the transactions that committed. */
  record Second(Histogram latencies) {
    long committed() {
      return latencies.getTotalCount();
    }
  }

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final List<Map<Long, Histogram>> perThread = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private volatile Throwable failure;

  FixedRateWriters(
      String jdbcUrl,
      String user,
      String password,
      String table,
      long rows,
      int rate,
      int threadCount) {
    long intervalNanos = TimeUnit.SECONDS.toNanos(threadCount) / rate;
    for (int t = 0; t < threadCount; t++) {
      Map<Long, Histogram> seconds = new TreeMap<>();
      perThread.add(seconds);
      SplittableRandom random = new SplittableRandom(7919L * (t + 1));
      long offset = intervalNanos * t / threadCount;
      Thread thread =
          new Thread(
              () ->
                  run(jdbcUrl, user, password, table, rows, random, intervalNanos, offset, seconds),
              "writer-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Nanoseconds since the writers started, on the clock their seconds are counted by. */
  long now() {
    return System.nanoTime() - startNanos;
  }

  private void run(
      String jdbcUrl,
      String user,
      String password,
      String table,
      long rows,
      SplittableRandom random,
      long intervalNanos,
      long offset,
      Map<Long, Histogram> seconds) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement index =
            c.prepareStatement("UPDATE " + table + " SET k = k + 1 WHERE id = ?");
        PreparedStatement nonIndex =
            c.prepareStatement("UPDATE " + table + " SET c = ? WHERE id = ?");
        PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?");
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO " + table + " (id, k, c, pad) VALUES (?, ?, ?, ?)")) {
      c.setAutoCommit(false);
      long scheduled = offset;
      while (running.get()) {
        long wait = scheduled - now();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        long id = 1 + random.nextLong(rows);
        String text = Long.toHexString(random.nextLong()).repeat(7);
        try {
          index.setLong(1, id);
          index.executeUpdate();
          nonIndex.setString(1, text);
          nonIndex.setLong(2, id);
          nonIndex.executeUpdate();
          delete.setLong(1, id);
          delete.executeUpdate();
          insert.setLong(1, id);
          insert.setLong(2, random.nextLong(100_000));
          insert.setString(3, text);
          insert.setString(4, text.substring(0, 60));
          insert.executeUpdate();
          c.commit();
          long latency = Math.min(MAX_LATENCY_NANOS, Math.max(0, now() - scheduled));
          seconds
              .computeIfAbsent(
                  TimeUnit.NANOSECONDS.toSeconds(scheduled),
                  s -> new Histogram(MAX_LATENCY_NANOS, 3))
              .recordValue(latency);
        } catch (SQLException e) {
          c.rollback(); // a deadlock or lock wait timeout: not a commit, so not counted
          if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205) {
            throw e;
          }
        }
        scheduled += intervalNanos;
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  /** Stops the writers; the seconds they saw, by scheduled second since they started. */
  Map<Long, Second> stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
    if (failure != null) {
      throw new IllegalStateException("writers failed: " + failure.getMessage(), failure);
    }
    Map<Long, Second> merged = new TreeMap<>();
    for (Map<Long, Histogram> seconds : perThread) {
      seconds.forEach(
          (s, h) -> {
            Second before = merged.get(s);
            Histogram sum = new Histogram(MAX_LATENCY_NANOS, 3);
            if (before != null) {
              sum.add(before.latencies());
            }
            sum.add(h);
            merged.put(s, new Second(sum));
          });
    }
    return merged;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(2));
    }
  }
}
