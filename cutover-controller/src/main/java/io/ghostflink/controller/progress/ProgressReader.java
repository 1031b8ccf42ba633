package io.ghostflink.controller.progress;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sink.GhostTableWriter;
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
  private final TableRef changelog;
  private final ServerAddress target;
  private final TableRef progress;
  private final long runId;
  private final int parallelism;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private Connection connection;
  private Connection targetConnection;
  private long firstPosition = Long.MAX_VALUE;
  private volatile String lastAppliedGtids = "nothing recorded";
  private int tables = 1;

  /** The progress of a migration on one server: {@code table}'s changelog and progress tables. */
  public ProgressReader(ServerAddress server, TableRef table, long runId, int parallelism) {
    this(server, table.changelog(), server, table.progress(), runId, parallelism);
  }

  /**
   * The progress of a job that reads the binlog of {@code source} (with {@code changelog} there)
   * and writes {@code target} (with {@code progress} there).
   */
  public ProgressReader(
      ServerAddress source,
      TableRef changelog,
      ServerAddress target,
      TableRef progress,
      long runId,
      int parallelism) {
    this.server = source;
    this.changelog = changelog;
    this.target = target;
    this.progress = progress;
    this.runId = runId;
    this.parallelism = parallelism;
  }

  /** The job copies {@code n} tables (a move of several): the copy is done when all of them are. */
  public ProgressReader expecting(int n) {
    this.tables = n;
    return this;
  }

  public Reading read() throws SQLException {
    Connection c = targetConnection();
    long now = System.nanoTime();
    long position = sourcePosition(connection());
    if (samples.isEmpty()) {
      firstPosition = position;
    }
    samples.addLast(new Sample(now, position));
    while (samples.size() > 2 && now - samples.peekFirst().nanos() > KEEP_SAMPLES_NANOS) {
      samples.removeFirst();
    }
    Copy copy = copy(c);
    long applied = appliedPoint(c);
    long changes;
    try (PreparedStatement ps = c.prepareStatement(GhostDml.appliedChanges(progress))) {
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
        copy.rows(),
        copy.chunks(),
        copy.done(),
        applied,
        changes,
        position,
        lagMillis(applied, now),
        caughtUp);
  }

  /**
   * Whether the row copy is done, and nothing else: one read of the progress table, cheap enough to
   * ask often while the copy's last chunks finish.
   */
  public boolean copyDone() throws SQLException {
    return copy(targetConnection()).done();
  }

  private Copy copy(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GhostDml.copyProgress(progress))) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Copy(rs.getLong(1), rs.getLong(2), rs.getInt(3) == 1 && rs.getInt(4) >= tables)
            : new Copy(0, 0, false);
      }
    }
  }

  private record Copy(long rows, long chunks, boolean done) {}

  /** The GTID set {@link #appliedGtids} last found recorded, and where. */
  public String lastAppliedGtids() {
    return lastAppliedGtids;
  }

  /** The operator's pending command in the changelog table (e.g. pause), or null. */
  public String command() throws SQLException {
    return hint(ChangelogSql.COMMAND);
  }

  /** One hint's value in the changelog table, or null. */
  public String hint(String hint) throws SQLException {
    return changelogValue(connection(), changelog, hint);
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
    return appliedPoint(targetConnection());
  }

  /**
   * Whether the job has applied every transaction of {@code drain}, a GTID set of the source.
   *
   * <p>The sink records, with the epoch that passes a changelog marker, the GTID set its binlog
   * reader had seen completed before that marker. That set alone misses transactions written just
   * before the job's start (a transaction is in the binlog before it is in gtid_executed), so the
   * controller also looks at the binlog's server: {@code readSet} is its executed set, read before
   * its binlog stood at {@code readPosition}. Every transaction of {@code readSet} sits in the
   * binlog before {@code readPosition}. So once the applied point has passed a marker at or after
   * {@code readPosition}, everything in {@code readSet} and in the marker's set is applied; {@code
   * drain} must be inside their union. MySQL's own GTID_SUBSET decides.
   */
  public boolean appliedGtids(String drain, String readSet, long readPosition) throws SQLException {
    Connection c = targetConnection();
    long markerPosition;
    String gtids;
    try (PreparedStatement ps = c.prepareStatement(GhostDml.appliedGtids(progress))) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        markerPosition = rs.getLong(1);
        gtids = rs.getString(2);
      }
    }
    long applied = appliedPoint(c);
    lastAppliedGtids =
        gtids
            + " recorded at "
            + BinlogPosition.describe(markerPosition)
            + ", applied through "
            + BinlogPosition.describe(applied);
    if (gtids == null
        || markerPosition < readPosition
        || !GhostTableWriter.GtidMark.coveredBy(markerPosition, applied)) {
      return false;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBSET(GTID_SUBTRACT(?, ?), ?)")) {
      ps.setString(1, drain);
      ps.setString(2, readSet);
      ps.setString(3, gtids);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  private long appliedPoint(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GhostDml.appliedPoint(progress))) {
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

  /**
   * Where a fresh job starts reading the server's binlog: its position now, with the GTID set it
   * has executed only where {@code gtid_mode} is ON. A server on its way to or from GTIDs
   * (OFF_PERMISSIVE, ON_PERMISSIVE) has executed GTIDs but may write anonymous transactions, and
   * OFF_PERMISSIVE refuses a reader by GTID set ("The replication sender thread cannot start in
   * AUTO_POSITION mode: this server has GTID_MODE = OFF_PERMISSIVE instead of ON"): every migration
   * there failed after the job's 20 restarts (session 62). There the job reads by file and
   * position, as with OFF.
   */
  public static BinlogPosition readingStart(Connection c) throws SQLException {
    BinlogPosition now = masterStatus(c);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.GTID_MODE)) {
      rs.next();
      return "ON".equalsIgnoreCase(rs.getString(1))
          ? now
          : new BinlogPosition(now.file(), now.offset(), "");
    }
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
      closeQuietly(connection);
      connection = Connections.open(server, changelog.database());
    }
    return connection;
  }

  private Connection targetConnection() throws SQLException {
    if (target.sameServer(server) && progress.database().equals(changelog.database())) {
      return connection();
    }
    if (targetConnection == null || targetConnection.isClosed() || !targetConnection.isValid(2)) {
      closeQuietly(targetConnection);
      targetConnection = Connections.open(target, progress.database());
    }
    return targetConnection;
  }

  @Override
  public void close() {
    closeQuietly(connection);
    connection = null;
    closeQuietly(targetConnection);
    targetConnection = null;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // reopened on the next read
      }
    }
  }
}
