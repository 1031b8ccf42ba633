package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads what the copy's planner obeys from the changelog table: whether the controller throttles
 * the copy (and why), and an operator's runtime chunk setting. Its own session, used from the
 * enumerator's worker thread only.
 */
final class CopyControls implements AutoCloseable {
  /** One reading: {@code throttle} is empty when not throttled. */
  record Reading(String throttle, Optional<ChunkSizing> chunking) {}

  private final CopySpec spec;
  private Connection connection;

  CopyControls(CopySpec spec) {
    this.spec = spec;
  }

  Reading read() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(spec.source(), spec.changelog().database());
    }
    String throttle = "";
    String chunking = null;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(ChangelogSql.readControls(spec.changelog()))) {
      while (rs.next()) {
        String value = rs.getString(2) == null ? "" : rs.getString(2);
        switch (rs.getString(1)) {
          case ChangelogSql.THROTTLE -> throttle = value;
          case ChangelogSql.CONTROL_CHUNKING -> chunking = value;
          default -> {
            // read by the controller
          }
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    return new Reading(throttle, parse(chunking));
  }

  /**
   * {@code time <ms>} or {@code size <rows>} (what {@code ghostflink set} writes); anything else
   * (nothing set) leaves the spec's sizing. A new target time keeps the current size as its start.
   */
  static Optional<ChunkSizing> parse(String chunking) {
    if (chunking == null) {
      return Optional.empty();
    }
    String[] parts = chunking.strip().split("\\s+");
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(parts[1]);
      if (parts[0].equals("time") && n > 0) {
        return Optional.of(ChunkSizing.adaptive(ChunkSizing.MIN_ROWS, Duration.ofMillis(n)));
      }
      if (parts[0].equals("size") && n > 0 && n <= Integer.MAX_VALUE) {
        return Optional.of(ChunkSizing.fixed((int) n));
      }
    } catch (NumberFormatException ignored) {
      // not a setting
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection); // reopened at the next reading
    connection = null;
  }
}
