package io.ghostflink.operators.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** The one place MySQL errors are classified: retry the transaction, reconnect, or give up. */
public final class MysqlErrors {
  public static final int LOCK_WAIT_TIMEOUT = 1205;
  public static final int DEADLOCK = 1213;
  public static final int NO_SUCH_TABLE = 1146;
  public static final int DUPLICATE_KEY = 1062;
  public static final int LOCK_HELD_ELSEWHERE_QUERY_INTERRUPTED = 1317;
  public static final int UNKNOWN_SYSTEM_VARIABLE = 1193;
  public static final int TABLE_ACCESS_DENIED = 1142;

  /** "you need (at least one of) the … privilege(s) for this operation". */
  public static final int SPECIFIC_ACCESS_DENIED = 1227;

  /** "Connections using insecure transport are prohibited while --require_secure_transport=ON". */
  public static final int SECURE_TRANSPORT_REQUIRED = 3159;

  /**
   * Errors of strict mode about a value or a row: the same statement fails the same way every time,
   * so they are reported, never retried.
   */
  private static final Set<Integer> DATA_ERRORS =
      Set.of(
          1048, // column cannot be null
          1101, // BLOB/TEXT/JSON column cannot have a default value
          1264, // out of range value
          1265, // data truncated
          1292, // incorrect date/time value
          1366, // incorrect integer/string value
          1367, // illegal value found during parsing
          1406, // data too long
          1411, // incorrect value for function
          1690, // value out of range in an expression
          3140, // invalid JSON text
          3156, // invalid JSON value for CAST
          3819, // check constraint violated
          4096 // invalid value for this column (e.g. a spatial type)
          );

  private MysqlErrors() {}

  /** A value or row the table refuses in strict mode: not worth a retry. */
  public static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return DATA_ERRORS.contains(e.getErrorCode()) || (state != null && state.startsWith("22"));
  }

  /**
   * The transaction lost a race with another writer (a lock, or an AUTO_INCREMENT value); running
   * it again will succeed.
   */
  public static boolean isRetryable(SQLException e) {
    return e.getErrorCode() == DEADLOCK
        || e.getErrorCode() == LOCK_WAIT_TIMEOUT
        || e instanceof AutoIncrementRaceException;
  }

  /**
   * The table cannot be read by this user on this server, and will not be on a later try: access
   * denied (no SELECT on performance_schema, or no PROCESS), or no such table (performance_schema
   * off).
   */
  public static boolean isUnreadable(SQLException e) {
    return e.getErrorCode() == TABLE_ACCESS_DENIED
        || e.getErrorCode() == SPECIFIC_ACCESS_DENIED
        || e.getErrorCode() == NO_SUCH_TABLE;
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
