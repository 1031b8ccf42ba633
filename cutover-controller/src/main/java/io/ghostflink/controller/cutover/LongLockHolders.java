package io.ghostflink.controller.cutover;

import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.model.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions that have held a table's metadata lock for a while: a transaction that used the
 * table and is still open, a long query on it, a {@code LOCK TABLES}. A cut-over's {@code LOCK
 * TABLES ... WRITE}, a move's {@code RENAME} or an in-place {@code ALTER} asked for then waits for
 * them, and every writer of the table queues behind that request, since MySQL grants a waiting
 * exclusive metadata lock before new shared ones: the pile-up gh-ost's, Spirit's and pt-osc's users
 * report (../shared/notes/peers.md, complaint 6). Asked before each such request, they are waited
 * out instead, the application's writers going on meanwhile; the request is made once they are
 * gone, when it waits only for the application's short transactions. (The checksum's {@code LOCK
 * TABLES ... READ} lets writers pass while it waits, but is not granted before a writing
 * transaction ends either: asked the same way, it names the transaction instead of timing out.)
 */
public final class LongLockHolders {
  private static final Logger LOG = LoggerFactory.getLogger(LongLockHolders.class);

  /**
   * A holder in its transaction (or its statement) this long is not one of the application's short
   * writes.
   */
  static final long LONG_SECONDS = 1;

  private static final Duration POLL = Duration.ofMillis(100);

  // granted metadata locks on the tables, with the age of their holder's transaction (the time so
  // far of the thread's active transaction event, in picoseconds: no time zone in it, where
  // INNODB_TRX's trx_started is in the server's system zone), or, without one (the consumer
  // events_transactions_current off, a LOCK TABLES), of its statement or idle time; the asking
  // session itself left out
  private static final String HOLDERS =
      "SELECT t.PROCESSLIST_ID,"
          + " MAX(COALESCE(e.TIMER_WAIT DIV 1000000000000, p.TIME)),"
          + " ANY_VALUE(p.COMMAND), ANY_VALUE(LEFT(p.INFO, 120))"
          + " FROM performance_schema.metadata_locks m"
          + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
          + " LEFT JOIN performance_schema.processlist p ON p.ID = t.PROCESSLIST_ID"
          + " LEFT JOIN performance_schema.events_transactions_current e"
          + " ON e.THREAD_ID = m.OWNER_THREAD_ID AND e.STATE = 'ACTIVE'"
          + " WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED'"
          + " AND m.OBJECT_SCHEMA = ? AND m.OBJECT_NAME IN (%s)"
          + " AND t.PROCESSLIST_ID IS NOT NULL AND t.PROCESSLIST_ID <> CONNECTION_ID()%s"
          + " GROUP BY t.PROCESSLIST_ID";

  // the shared locks a read lock (LOCK TABLES ... READ) is granted beside
  private static final String BESIDE_A_READ_LOCK =
      " AND m.LOCK_TYPE NOT IN ('SHARED', 'SHARED_HIGH_PRIO', 'SHARED_READ', 'SHARED_READ_ONLY')";

  /** What is asked for: a lock for writing (LOCK TABLES WRITE, RENAME, ALTER) or for reading. */
  public enum Wanted {
    WRITE(""),
    READ(BESIDE_A_READ_LOCK);

    private final String condition;

    Wanted(String condition) {
      this.condition = condition;
    }
  }

  private LongLockHolders() {}

  /**
   * Waits up to {@code within} until no session has held a metadata lock on {@code tables} (of one
   * database) that the lock {@code wanted} must wait for, for {@link #LONG_SECONDS} or more.
   * Returns null when none has (at once, or once they ended), or when the server does not show its
   * metadata locks (no SELECT on performance_schema: the request's own lock_wait_timeout still
   * bounds the writers' wait); else why the attempt ends without asking, for the operator: "the
   * metadata lock of d.t was held by connection 42 (open 30 s, Sleep) through the 3 s waited …".
   *
   * @param stop a reason to stop waiting (a lost lock, a pause), or null to go on
   */
  public static String awaitGone(
      Connection c, List<TableRef> tables, Wanted wanted, Duration within, Supplier<String> stop)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<String> holders;
      try {
        holders = read(c, tables, wanted);
      } catch (SQLException e) {
        if (MysqlErrors.isUnreadable(e)) {
          LOG.info("long holders of {}'s metadata lock not looked for: {}", tables, e.getMessage());
          return null;
        }
        throw e;
      }
      if (holders.isEmpty()) {
        return null;
      }
      String reason = stop.get();
      if (reason != null || System.nanoTime() >= deadline) {
        return "the metadata lock of "
            + String.join(", ", tables.stream().map(TableRef::toString).toList())
            + " was held by "
            + String.join(", ", holders)
            + " through the "
            + within.toSeconds()
            + " s waited (--cut-over-lock-timeout): not asked for behind it, so no writer queued";
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static List<String> read(Connection c, List<TableRef> tables, Wanted wanted)
      throws SQLException {
    String names = String.join(", ", tables.stream().map(t -> "?").toList());
    List<String> holders = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(String.format(HOLDERS, names, wanted.condition))) {
      ps.setString(1, tables.get(0).database());
      for (int i = 0; i < tables.size(); i++) {
        ps.setString(i + 2, tables.get(i).table());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seconds = rs.getLong(2);
          if (seconds >= LONG_SECONDS) {
            String statement = rs.getString(4);
            holders.add(
                "connection "
                    + rs.getLong(1)
                    + " (open "
                    + seconds
                    + " s, "
                    + (statement == null ? String.valueOf(rs.getString(3)) : statement)
                    + ")");
          }
        }
      }
    }
    return holders;
  }
}
