package io.ghostflink.controller.lock;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * When a MySQL server last started, read as its clock less its {@code Uptime}: a later reading that
 * differs by more than {@link #SLACK_SECONDS} means the server restarted in between (a crash, an
 * upgrade), which ended every session of the migration, its migration lock's too. A connection that
 * was cut while the server ran (a {@code KILL}, a network fault) leaves it unchanged.
 *
 * @param server the server read
 * @param epochSecond its start, in seconds since the epoch (whole seconds: {@code Uptime} is)
 */
public record ServerBoot(ServerAddress server, long epochSecond) {
  /** Uptime and the clock are read by two statements, each in whole seconds. */
  static final long SLACK_SECONDS = 2;

  /** The start of the server {@code c} is connected to. */
  public static ServerBoot read(ServerAddress server, Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      long now;
      try (ResultSet rs = s.executeQuery("SELECT UNIX_TIMESTAMP()")) {
        rs.next();
        now = rs.getLong(1);
      }
      // SHOW STATUS needs no privilege, unlike performance_schema.global_status
      try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
        if (!rs.next()) {
          throw new SQLException("the server does not report its Uptime");
        }
        return new ServerBoot(server, now - rs.getLong(2));
      }
    }
  }

  /** Whether the server started again after {@code earlier}, as read on the same server. */
  public boolean restartedSince(ServerBoot earlier) {
    return epochSecond - earlier.epochSecond > SLACK_SECONDS;
  }

  /**
   * Connects every {@code every} until the server answers or {@code timeout} has passed.
   *
   * @return its start once it answers; empty when it did not within {@code timeout}
   */
  public Optional<ServerBoot> awaitAnswer(Duration timeout, Duration every)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection c = Connections.open(server, "")) {
        return Optional.of(read(server, c));
      } catch (SQLException e) {
        if (System.nanoTime() - deadline >= 0) {
          return Optional.empty();
        }
        Thread.sleep(every.toMillis());
      }
    }
  }
}
