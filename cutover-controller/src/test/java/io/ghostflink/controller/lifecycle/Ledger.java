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

  private Ledger(TestDatabase db, String table, long firstId, int writers) {
    for (int w = 0; w < writers; w++) {
      long first = firstId + w;
      Thread thread =
          new Thread(
              () -> {
                try (Connection c = db.connect();
                    PreparedStatement insert =
                        c.prepareStatement(
                            "INSERT INTO `"
                                + table
                                + "` (id, k, c, pad) VALUES (?, ?, 'ledger', '')")) {
                  for (long id = first; running.get(); id += writers) {
                    insert.setLong(1, id);
                    insert.setLong(2, id % 1000);
                    insert.executeUpdate();
                    committed.add(id);
                    Thread.sleep(10);
                  }
                } catch (Exception e) {
                  failure.set(e);
                }
              },
              "ledger-" + db.name() + "-" + w);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  /** Three writers: several inserts wait on the original whenever the cut-over locks it. */
  static Ledger start(TestDatabase db, String table, long firstId) {
    Ledger ledger = new Ledger(db, table, firstId, 3);
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
