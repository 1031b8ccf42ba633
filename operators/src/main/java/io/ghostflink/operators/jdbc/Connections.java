package io.ghostflink.operators.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens ghostflink's MySQL sessions, all alike, in the one place their settings live: UTC session
 * time zone (temporal values travel as UTC text; statements that convert them carry the server's
 * zone, {@link ServerAddress#zoneHint}), a short lock wait (a blocked write is retried rather than
 * stalling a checkpoint), the {@code sql_mode} of {@link SqlModes} (values are stored as they are
 * or refused, never changed quietly), every column in sight ({@link #SHOW_INVISIBLE_KEY}), and room
 * for as many warnings of a statement as the user may have.
 */
public final class Connections {
  /**
   * The {@code program_name} connection attribute of every ghostflink session
   * (performance_schema.session_connect_attrs): how the redo log's hold tells the copy's own writes
   * from the application's, and how a DBA finds ghostflink's sessions.
   */
  public static final String PROGRAM_NAME = "ghostflink";

  /** MySQL's largest {@code max_error_count}: how many warnings SHOW WARNINGS keeps. */
  public static final int MAX_WARNINGS = 65535;

  /**
   * The session setting, for MySQL 8.0.30 and later (a versioned comment: nothing on older servers,
   * which never generate such a key), that shows a generated invisible primary key ({@code
   * my_row_id}, made by {@code sql_generate_invisible_primary_key}) in information_schema and
   * {@code SHOW CREATE TABLE}. A server set to hide it ({@code
   * show_gipk_in_create_table_and_information_schema = OFF}) hid it from ghostflink too: a table
   * with only that key was refused as keyless, and one with a unique key as well was copied without
   * it (new {@code my_row_id} values in the new table) and its binlog rows, which carry every
   * column, were read one column off. To be appended to a {@code SET} statement.
   */
  public static final String SHOW_INVISIBLE_KEY =
      " /*!80030 , SESSION show_gipk_in_create_table_and_information_schema = ON */";

  private Connections() {}

  /** Closes {@code c} (null: nothing), ignoring a failure: a broken session is gone anyway. */
  public static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a broken session
      }
    }
  }

  /**
   * Connector/J itself, not found through {@code DriverManager}: on a Flink cluster a job restarted
   * after a task manager's loss may run in a new class loader, whose driver class DriverManager
   * never registered ("No suitable driver found"), while the old loader's driver is not visible to
   * it. FlinkClusterIT met it when the surviving task manager redeployed the copy.
   */
  private static final java.sql.Driver DRIVER = newDriver();

  private static java.sql.Driver newDriver() {
    try {
      return new com.mysql.cj.jdbc.Driver();
    } catch (SQLException e) {
      throw new IllegalStateException("MySQL Connector/J cannot start: " + e.getMessage(), e);
    }
  }

  public static Connection open(ServerAddress server, String database) throws SQLException {
    return open(server, database, false);
  }

  /**
   * A session that may send several statements in one request ({@code allowMultiQueries}): the
   * server runs them one after another even when the client is gone meanwhile.
   */
  public static Connection openMultiStatement(ServerAddress server, String database)
      throws SQLException {
    return open(server, database, true);
  }

  private static Connection open(ServerAddress server, String database, boolean multiStatements)
      throws SQLException {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("user", server.user());
    properties.setProperty("password", server.password());
    properties.setProperty("allowMultiQueries", Boolean.toString(multiStatements));
    properties.setProperty("connectionAttributes", "program_name:" + PROGRAM_NAME);
    Connection c = DRIVER.connect(server.jdbcUrl(database), properties);
    try {
      String mode = server.sqlMode().isEmpty() ? defaultMode(c) : server.sqlMode();
      // max_execution_time: a server's global limit, set against an application's runaway
      // queries, interrupted the checksum's and the stream copy's SELECTs of a large table
      try (PreparedStatement ps =
          c.prepareStatement(
              "SET SESSION time_zone = '+00:00', SESSION innodb_lock_wait_timeout = 10,"
                  + " SESSION max_execution_time = 0, SESSION sql_mode = ?"
                  + SHOW_INVISIBLE_KEY)) {
        ps.setString(1, mode);
        ps.execute();
      }
      knowsTheMode(c, mode);
      try (Statement s = c.createStatement()) {
        s.execute("SET SESSION max_error_count = " + MAX_WARNINGS);
      } catch (SQLException e) {
        // needs SESSION_VARIABLES_ADMIN; without it statements keep fewer warnings, and callers
        // that read them split a statement whose list came back incomplete
        if (e.getErrorCode() != MysqlErrors.SPECIFIC_ACCESS_DENIED) {
          throw e;
        }
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Tells Connector/J the session's {@code mode}: it escapes a statement's text parameters for the
   * mode it read as it connected (the server's global one), and under a server's {@code
   * NO_BACKSLASH_ESCAPES} bound every text holding a backslash as a hexadecimal literal, which
   * MySQL takes for bytes (a JSON column refused such a value, "Cannot create a JSON value from a
   * string with CHARACTER SET 'binary'"), after the session had left the mode out.
   */
  private static void knowsTheMode(Connection c, String mode) throws SQLException {
    java.util.Map<String, String> variables =
        c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
            .getSession()
            .getServerSession()
            .getServerVariables();
    if (variables != null) {
      variables.put("sql_mode", mode);
    }
  }

  /**
   * {@code server} with the sql_mode its sessions write in ({@link SqlModes}), derived from its
   * global mode as it is now, and the time zone its writes convert in ({@link
   * ServerAddress#zoneHint}): its default zone now.
   */
  public static ServerAddress withWriteMode(ServerAddress server, String database)
      throws SQLException {
    try (Connection c = open(server, database)) {
      return server.withSqlMode(SqlModes.forWrites(globalMode(c))).withTimeZone(globalZone(c));
    }
  }

  /**
   * Runs the user's {@code alter} statement on {@code c} read as a DBA's session reads it: with the
   * server's modes that change how a statement is read, which ghostflink's sessions leave out
   * ({@link SqlModes#syntaxOf}); the session's mode is restored after it.
   */
  public static void executeAlter(Connection c, String alter) throws SQLException {
    String syntax = SqlModes.syntaxOf(globalMode(c));
    try (Statement s = c.createStatement()) {
      if (syntax.isEmpty()) {
        s.execute(alter);
        return;
      }
      s.execute(
          "SET @ghostflink_mode = @@SESSION.sql_mode,"
              + " SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',"
              + syntax
              + "')");
      try {
        s.execute(alter);
      } finally {
        s.execute("SET SESSION sql_mode = @ghostflink_mode");
      }
    }
  }

  /** The server's default time zone, as MySQL names it: {@code SYSTEM}, an offset or a name. */
  public static String globalZone(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL.time_zone")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The write mode derived from the server's global mode. */
  public static String defaultMode(Connection c) throws SQLException {
    return SqlModes.forWrites(globalMode(c));
  }

  public static String globalMode(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@GLOBAL.sql_mode")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
