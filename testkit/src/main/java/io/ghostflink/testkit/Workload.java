package io.ghostflink.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A concurrent random write workload on a sysbench-shaped table {@code (id BIGINT PRIMARY KEY, k
 * INT, c VARCHAR, pad VARCHAR)}: transactions of one to three inserts, updates, deletes and
 * primary-key changes over ids 1..maxId. Lost lock races and duplicate keys are part of the game
 * and skipped; any other error stops the workload and is rethrown by {@link #close()}.
 */
public final class Workload implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong committed = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();

  private Workload() {}

  /**
   * Starts {@code threads} writers, together committing about {@code transactionsPerSecond}
   * transactions per second.
   */
  public static Workload start(
      TestDatabase db,
      String table,
      long maxId,
      int threads,
      int transactionsPerSecond,
      long seed) {
    Workload w = new Workload();
    long pauseMicros = 1_000_000L * threads / Math.max(1, transactionsPerSecond);
    for (int i = 0; i < threads; i++) {
      Random random = new Random(seed + i);
      Thread t =
          new Thread(
              () -> w.run(db, table, maxId, random, pauseMicros), "workload-" + table + "-" + i);
      t.setDaemon(true);
      w.threads.add(t);
      t.start();
    }
    return w;
  }

  /** Transactions committed so far. */
  public long committed() {
    return committed.get();
  }

  private void run(TestDatabase db, String table, long maxId, Random random, long pauseMicros) {
    String q = "`" + table + "`";
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO "
                      + q
                      + " (id, k, c, pad) VALUES (?, ?, ?, ?)"
                      + " ON DUPLICATE KEY UPDATE k = VALUES(k), c = VALUES(c)");
          PreparedStatement update =
              c.prepareStatement("UPDATE " + q + " SET k = k + 1, c = ? WHERE id = ?");
          PreparedStatement delete = c.prepareStatement("DELETE FROM " + q + " WHERE id = ?");
          PreparedStatement move = c.prepareStatement("UPDATE " + q + " SET id = ? WHERE id = ?")) {
        while (running.get()) {
          int ops = 1 + random.nextInt(3);
          try {
            for (int i = 0; i < ops; i++) {
              long id = 1 + (long) (random.nextDouble() * maxId);
              int op = random.nextInt(100);
              if (op < 40) {
                update.setString(1, text(random, 20));
                update.setLong(2, id);
                update.executeUpdate();
              } else if (op < 65) {
                insert.setLong(1, id);
                insert.setInt(2, random.nextInt(1_000_000));
                insert.setString(3, text(random, 30));
                insert.setString(4, text(random, 10));
                insert.executeUpdate();
              } else if (op < 85) {
                delete.setLong(1, id);
                delete.executeUpdate();
              } else {
                move.setLong(1, 1 + (long) (random.nextDouble() * maxId));
                move.setLong(2, id);
                move.executeUpdate();
              }
            }
            c.commit();
            committed.incrementAndGet();
          } catch (SQLException e) {
            c.rollback();
            if (!expected(e)) {
              throw e;
            }
          }
          if (pauseMicros > 0) {
            Thread.sleep(pauseMicros / 1000, (int) (pauseMicros % 1000) * 1000);
          }
        }
      }
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
      running.set(false);
    }
  }

  // Duplicate key (a PK change onto a taken id), deadlock, lock wait timeout.
  private static boolean expected(SQLException e) {
    int code = e.getErrorCode();
    return code == 1062 || code == 1213 || code == 1205;
  }

  private static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  /** Stops the writers and waits for them; rethrows the first unexpected error. */
  @Override
  public void close() {
    running.set(false);
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("workload failed: " + t.getMessage(), t);
    }
  }
}
