package io.ghostflink.operators.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** The one place MySQL errors are classified: retry the transaction, reconnect, or give up. */
public final class MysqlErrors {
  public static final int LOCK_WAIT_TIMEOUT = 1205;
  public static final int DEADLOCK = 1213;
  public static final int NO_SUCH_TABLE = 1146;
  public static final int DUPLICATE_KEY = 1062;
  public static final int LOCK_HELD_ELSEWHERE_QUERY_INTERRUPTED = 1317;

  private MysqlErrors() {}

  /** The transaction lost a lock race with another writer; running it again will succeed. */
  public static boolean isRetryable(SQLException e) {
    return e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT;
  }

  /** The session is gone (network, server restart, KILL); a new connection may succeed. */
  public static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || (state != null && state.startsWith("08"))
        || e.getErrorCode() == 2006
        || e.getErrorCode() == 2013;
  }
}
