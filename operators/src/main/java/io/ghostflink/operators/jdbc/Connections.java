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
    Connection c =
        DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION time_zone = '+00:00', SESSION innodb_lock_wait_timeout = 10");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
