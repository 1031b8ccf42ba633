package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How full the InnoDB redo log of the server the copy writes to is: its checkpoint age (the redo
 * not yet covered by a checkpoint, {@code Innodb_redo_log_logical_size}) over its capacity ({@code
 * Innodb_redo_log_capacity_resized}), both from MySQL 8.0.30.
 *
 * <p>Why the copy watches it: a copy writes redo faster than the page cleaner flushes at its
 * background pace. When the checkpoint age nears the capacity, InnoDB flushes synchronously and
 * every writer's commit waits for it: on the writers bench, 260–320 ms seconds every few seconds of
 * a 1M-row copy (docs/benchmarks.md). Holding new chunks below a ratio keeps the server in its
 * adaptive flushing, and the copy then goes at the pace the server flushes.
 */
public final class RedoGauge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedoGauge.class);
  static final String AGE = "Innodb_redo_log_logical_size";
  static final String CAPACITY = "Innodb_redo_log_capacity_resized";

  private final ServerAddress server;
  private Connection connection;
  private boolean unsupported;

  public RedoGauge(ServerAddress server) {
    this.server = server;
  }

  /** Whether {@code ratio} is a {@code --max-checkpoint-age-ratio}: from 0 (off) to under 1. */
  public static boolean isRatio(double ratio) {
    return ratio >= 0 && ratio < 1;
  }

  /**
   * An operator's {@code max-checkpoint-age-ratio=} value; empty when blank, not a number, or not
   * {@link #isRatio a ratio}.
   */
  public static OptionalDouble ratio(String value) {
    if (value == null || value.isBlank()) {
      return OptionalDouble.empty();
    }
    try {
      double r = Double.parseDouble(value.strip());
      return isRatio(r) ? OptionalDouble.of(r) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * The checkpoint age over the redo capacity, or NaN where the server has no such figures (before
   * MySQL 8.0.30: the copy is then never held by it, as the log says once).
   */
  public double fill() throws SQLException {
    if (unsupported) {
      return Double.NaN;
    }
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(server, ""); // no database: it reads the server's status
    }
    long age = -1;
    long capacity = -1;
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.global_status"
                    + " WHERE VARIABLE_NAME IN ('"
                    + AGE
                    + "', '"
                    + CAPACITY
                    + "')")) {
      while (rs.next()) {
        long value = Long.parseLong(rs.getString(2).strip());
        if (AGE.equalsIgnoreCase(rs.getString(1))) {
          age = value;
        } else {
          capacity = value;
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    if (age < 0 || capacity <= 0) {
      unsupported = true;
      LOG.warn(
          "Row copy: the server has no {} (MySQL 8.0.30 and later do); the copy is not held by"
              + " its redo log",
          AGE);
      return Double.NaN;
    }
    return age / (double) capacity;
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection); // reopened at the next reading
    connection = null;
  }
}
