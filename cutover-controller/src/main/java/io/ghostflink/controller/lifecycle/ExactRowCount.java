package io.ghostflink.controller.lifecycle;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

/**
 * gh-ost's {@code --exact-rowcount}: a {@code SELECT COUNT(*)} of the original table, on a session
 * of its own, whose result replaces the server's estimate as the progress's total. With {@code
 * --concurrent-rowcount} (gh-ost's default) it runs beside the copy; without, the copy waits for
 * it. Closing it ends a count still running ({@code KILL QUERY}: a large table's count would
 * otherwise run on, holding its read view, after its client is gone).
 */
public final class ExactRowCount implements AutoCloseable {
  /** How the progress learns how many rows the table has. */
  public enum Mode {
    /** The server's estimate (information_schema), as without gh-ost's flags. */
    ESTIMATE,
    /** {@code --exact-rowcount}: counted beside the copy. */
    CONCURRENT,
    /** {@code --exact-rowcount --concurrent-rowcount=false}: counted before the copy starts. */
    BEFORE_COPY
  }

  /** The count and the seconds it took, or why there is none. */
  record Result(long rows, double seconds, String failure) {}

  private final ServerAddress server;
  private final TableRef table;

  /** The count's session while it is open, else -1. */
  private volatile long sessionId = -1;

  private final AtomicReference<Result> result = new AtomicReference<>();
  private final long startedNanos = System.nanoTime();
  private final Thread thread;
  private volatile boolean closed;

  private ExactRowCount(ServerAddress server, TableRef table) {
    this.server = server;
    this.table = table;
    thread = new Thread(() -> count(server, table), "ghostflink-rowcount-" + table.table());
    thread.setDaemon(true);
  }

  /** Starts counting {@code table}'s rows on a session of its own. */
  static ExactRowCount start(ServerAddress server, TableRef table) {
    ExactRowCount count = new ExactRowCount(server, table);
    count.thread.start();
    return count;
  }

  private void count(ServerAddress server, TableRef table) {
    try (Connection c = Connections.open(server, table.database());
        Statement s = c.createStatement()) {
      try (ResultSet id = s.executeQuery("SELECT CONNECTION_ID()")) {
        id.next();
        sessionId = id.getLong(1);
      }
      if (closed) {
        return;
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Identifiers.quote(table))) {
        rs.next();
        result.set(new Result(rs.getLong(1), seconds(), null));
      }
    } catch (SQLException e) {
      result.set(new Result(-1, seconds(), closed ? "stopped" : e.getMessage()));
    } finally {
      sessionId = -1;
    }
  }

  /** The count once it ended, else null. */
  Result result() {
    return result.get();
  }

  /** The count once it ended within {@code wait}, else null ({@link Mode#BEFORE_COPY}). */
  Result await(java.time.Duration wait) throws InterruptedException {
    thread.join(Math.max(1, wait.toMillis()));
    return result.get();
  }

  private double seconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  @Override
  public void close() {
    closed = true;
    long id = sessionId;
    if (id >= 0 && result.get() == null) {
      try (Connection k = Connections.open(server, table.database());
          Statement s = k.createStatement()) {
        s.execute(MigrationDdl.killQuery(id));
      } catch (SQLException e) {
        // gone already, or the server is: the count ends with its session
      }
    }
  }
}
