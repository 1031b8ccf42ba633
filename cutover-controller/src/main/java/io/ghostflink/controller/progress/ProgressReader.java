package io.ghostflink.controller.progress;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads what the job published in the progress table (copy progress, applied point, changes
 * applied) and the source's binlog position, and turns the two into the ghost table's lag: how long
 * ago the server had written what the ghost has now applied.
 */
public final class ProgressReader implements AutoCloseable {
  private static final long KEEP_SAMPLES_NANOS = 10L * 60 * 1_000_000_000L;

  /** One reading of the job's progress. */
  public record Reading(
      long copiedRows,
      long copiedChunks,
      boolean copyDone,
      long appliedPoint,
      long changesApplied,
      long sourcePosition,
      long lagMillis,
      boolean caughtUp) {}

  private record Sample(long nanos, long position) {}

  private final ServerAddress server;
  private final TableRef table;
  private final long runId;
  private final int parallelism;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private Connection connection;
  private long firstPosition = Long.MAX_VALUE;

  public ProgressReader(ServerAddress server, TableRef table, long runId, int parallelism) {
    this.server = server;
    this.table = table;
    this.runId = runId;
    this.parallelism = parallelism;
  }

  public Reading read() throws SQLException {
    Connection c = connection();
    long now = System.nanoTime();
    long position = sourcePosition(c);
    if (samples.isEmpty()) {
      firstPosition = position;
    }
    samples.addLast(new Sample(now, position));
    while (samples.size() > 2 && now - samples.peekFirst().nanos() > KEEP_SAMPLES_NANOS) {
      samples.removeFirst();
    }
    long copiedRows = 0;
    long copiedChunks = 0;
    boolean copyDone = false;
    try (PreparedStatement ps = c.prepareStatement(GhostDml.copyProgress(table.progress()))) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          copiedRows = rs.getLong(1);
          copiedChunks = rs.getLong(2);
          copyDone = rs.getInt(3) == 1;
        }
      }
    }
    long applied = appliedPoint(c);
    long changes;
    try (PreparedStatement ps = c.prepareStatement(GhostDml.appliedChanges(table.progress()))) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        changes = rs.getLong(1);
      }
    }
    // until the job has applied what was written before the first sample, the lag is unknown:
    // a job restored from a checkpoint may be far behind while its samples are all recent
    boolean caughtUp = applied >= firstPosition - 1;
    return new Reading(
        copiedRows,
        copiedChunks,
        copyDone,
        applied,
        changes,
        position,
        lagMillis(applied, now),
        caughtUp);
  }

  /** The operator's pending command in the changelog table (e.g. pause), or null. */
  public String command() throws SQLException {
    return hint(ChangelogSql.COMMAND);
  }

  /** One hint's value in the changelog table, or null. */
  public String hint(String hint) throws SQLException {
    return changelogValue(connection(), table.changelog(), hint);
  }

  /** One hint's value in {@code changelog}, or null when the hint or the table is missing. */
  public static String changelogValue(Connection c, TableRef changelog, String hint)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ChangelogSql.read(changelog))) {
      ps.setString(1, hint);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      if (e.getErrorCode() == MysqlErrors.NO_SUCH_TABLE) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The run's applied point: the newest attempt's minimum over all sink subtasks, or {@link
   * Long#MIN_VALUE} until every subtask of that attempt has reported.
   */
  public long appliedPoint() throws SQLException {
    return appliedPoint(connection());
  }

  private long appliedPoint(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GhostDml.appliedPoint(table.progress()))) {
      ps.setLong(1, runId);
      ps.setLong(2, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        boolean none = rs.wasNull();
        return none || rs.getInt(2) < parallelism ? Long.MIN_VALUE : min;
      }
    }
  }

  /** The source's current binlog position, encoded like the applied point. */
  public static long sourcePosition(Connection c) throws SQLException {
    return masterStatus(c).encoded();
  }

  public static BinlogPosition masterStatus(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.SHOW_MASTER_STATUS)) {
      if (!rs.next()) {
        throw new SQLException("SHOW MASTER STATUS returned nothing: is the binary log on?");
      }
      return new BinlogPosition(rs.getString(1), rs.getLong(2), rs.getString(5));
    }
  }

  /**
   * A position p is applied once the applied point reaches p - 1 (the watermark stops just before
   * the next transaction). The lag is the age of the oldest sample not yet applied, or zero.
   */
  private long lagMillis(long applied, long now) {
    for (Sample s : samples) {
      if (applied < s.position() - 1) {
        return (now - s.nanos()) / 1_000_000;
      }
    }
    return 0;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed() || !connection.isValid(2)) {
      close();
      connection = Connections.open(server, table.database());
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // reopened on the next read
      }
      connection = null;
    }
  }
}
