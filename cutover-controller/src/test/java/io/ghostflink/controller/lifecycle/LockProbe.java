package io.ghostflink.controller.lifecycle;

import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An application's writer of one row of a table, every 20 ms, that waits at most one second for the
 * table's metadata lock ({@code lock_wait_timeout = 1}): a lock asked for on the table behind a
 * long transaction makes it queue (MySQL grants the waiting request first) and, after that second,
 * refused. It writes a row the long transactions of the tests do not hold, so only a metadata lock
 * can hold it.
 */
final class LockProbe implements AutoCloseable {
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  LockProbe(TestDatabase db, String table, long id) {
    thread =
        new Thread(
            () -> {
              try (Connection c = db.connect();
                  Statement s = c.createStatement()) {
                s.execute("SET SESSION lock_wait_timeout = 1");
                while (running) {
                  try {
                    s.executeUpdate("UPDATE " + table + " SET k = k WHERE id = " + id);
                    written.incrementAndGet();
                  } catch (SQLException e) {
                    if (e.getErrorCode() == MysqlErrors.LOCK_WAIT_TIMEOUT) {
                      refused.incrementAndGet();
                    } else if (e.getErrorCode() != MysqlErrors.NO_SUCH_TABLE) {
                      throw e; // (a move's source table is gone after its rename)
                    }
                  }
                  Thread.sleep(20);
                }
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "lock-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Statements MySQL refused after a second's wait for the table's metadata lock. */
  long refused() {
    return refused.get();
  }

  long written() {
    return written.get();
  }

  @Override
  public void close() throws Exception {
    running = false;
    thread.join(10_000);
    if (failure.get() != null) {
      throw new IllegalStateException("the lock probe failed", failure.get());
    }
  }
}
