package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A writer that never stops for a migration: it inserts rows marked {@code c = 'ledger'} into a
 * sysbench-shaped table, with ids from {@code firstId} up, and remembers each once its commit
 * returned. After the swap every remembered row must be in the new table.
 */
final class Ledger implements AutoCloseable {
  private final Set<Long> committed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();

  private Ledger(TestDatabase db, String table, long firstId, int writers, boolean reconnects) {
    for (int w = 0; w < writers; w++) {
      long first = firstId + w;
      Thread thread =
          new Thread(
              () -> {
                long[] next = {first};
                while (running.get()) {
                  try {
                    write(db, table, next, writers);
                  } catch (java.sql.SQLException e) {
                    if (!reconnects
                        || !io.ghostflink.operators.jdbc.MysqlErrors.isConnectionLost(e)) {
                      failure.set(e);
                      return;
                    }
                    next[0] += writers; // its commit may or may not have happened: not remembered
                    pause(100);
                  } catch (Exception e) {
                    failure.set(e);
                    return;
                  }
                }
              },
              "ledger-" + db.name() + "-" + w);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  // inserts ids next[0], next[0] + step, … on one session until stopped; next[0] is the id of
  // the insert under way
  private void write(TestDatabase db, String table, long[] next, int step)
      throws java.sql.SQLException {
    try (Connection c = db.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO `" + table + "` (id, k, c, pad) VALUES (?, ?, 'ledger', '')")) {
      for (; running.get(); next[0] += step) {
        insert.setLong(1, next[0]);
        insert.setLong(2, next[0] % 1000);
        insert.executeUpdate();
        committed.add(next[0]);
        pause(10);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Three writers: several inserts wait on the original whenever the cut-over locks it. */
  static Ledger start(TestDatabase db, String table, long firstId) {
    return started(new Ledger(db, table, firstId, 3, false));
  }

  /**
   * Three writers that connect again when their server restarts: an insert whose session was lost
   * may or may not have committed, and is not remembered.
   */
  static Ledger startReconnecting(TestDatabase db, String table, long firstId) {
    return started(new Ledger(db, table, firstId, 3, true));
  }

  private static Ledger started(Ledger ledger) {
    ledger.threads.forEach(Thread::start);
    return ledger;
  }

  /** The ledger rows in {@code table}. */
  static List<Long> rows(TestDatabase db, String table) {
    List<Long> ids = new ArrayList<>();
    db.query("SELECT id FROM `" + table + "` WHERE c = 'ledger'")
        .forEach(r -> ids.add(((Number) r.get(0)).longValue()));
    return ids;
  }

  /** Stops the writer and asserts that every row it committed is in {@code table}. */
  void assertAllIn(TestDatabase db, String table) throws InterruptedException {
    close();
    assertThat(failure.get()).as("the ledger writer failed").isNull();
    assertThat(committed).as("the ledger committed rows").isNotEmpty();
    assertThat(rows(db, table))
        .as("every committed ledger row is in " + table)
        .containsAll(committed);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }
}
