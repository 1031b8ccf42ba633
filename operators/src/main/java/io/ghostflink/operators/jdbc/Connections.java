package io.ghostflink.operators.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens the job's MySQL sessions, all alike: UTC session time zone (temporal values travel as UTC
 * text) and a short lock wait, so a blocked write is retried rather than stalling a checkpoint.
 */
public final class Connections {
  private Connections() {}

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
    Connection c = DriverManager.getConnection(server.jdbcUrl(database), properties);
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00', SESSION innodb_lock_wait_timeout = 10");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
