package io.ghostflink.controller.verify;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes the job's binlog reader (Flink CDC 3.2 on Debezium 1.9) cannot read right, so that the
 * ghost table would not hold what the original holds:
 *
 * <ul>
 *   <li>transactions written compressed ({@code binlog_transaction_compression = ON}, MySQL 8.0.20
 *       and later): one {@code Transaction_payload} event each, skipped without a word;
 *   <li>updates of JSON columns logged as partial updates ({@code binlog_row_value_options =
 *       PARTIAL_JSON}): {@code Update_rows_partial} events, skipped too;
 *   <li>XA transactions prepared and then rolled back: {@code XA PREPARE} writes the transaction's
 *       rows to the binlog, the reader takes them as committed, and the {@code XA ROLLBACK} that
 *       undoes them in the original comes as a statement it passes over.
 * </ul>
 *
 * Preflight refuses a server that compresses or logs partial JSON by default ({@code BinlogCheck}).
 * A session with SESSION_VARIABLES_ADMIN may still turn either on for itself, or log its changes as
 * statements ({@code binlog_format} STATEMENT or MIXED), which the reader passes over, and any
 * session may use XA; this watches for each, so that the migration stops before its swap
 * (docs/operations.md, "Changes the job cannot read"): compressed transactions and XA rollbacks by
 * the server's counts of them since the migration began, partial JSON by the sessions that have it
 * set, where the table has a JSON column, statements by the sessions that log them (whatever table
 * they write: the server does not say). An XA transaction still prepared keeps its metadata lock on
 * the table, also once its session is gone (MySQL 8.0), so the checksum's and the cut-over's locks
 * wait until it ends.
 */
public final class UnreadableChanges implements AutoCloseable {
  /**
   * The server's counts of transactions written compressed and of {@code XA ROLLBACK}s; see {@link
   * #read}.
   */
  public record Counts(long compressed, long xaRollbacks) {
    /** "compressed xaRollbacks", as kept in the state directory. */
    public String text() {
      return compressed + " " + xaRollbacks;
    }

    /** {@link #text}'s counts back; empty when the text is not two numbers. */
    public static Optional<Counts> parse(String text) {
      String[] parts = text.strip().split(" ");
      try {
        return parts.length == 2
            ? Optional.of(new Counts(Long.parseLong(parts[0]), Long.parseLong(parts[1])))
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  private final ServerAddress server;
  private final Counts baseline;
  private final boolean json;
  // the watch's own session, kept between looks
  private Connection connection;

  /**
   * @param server the server whose binlog the job reads
   * @param baseline its counts when the migration began ({@link #read})
   * @param json whether a migrated table has a JSON column (partial JSON updates matter)
   */
  public UnreadableChanges(ServerAddress server, Counts baseline, boolean json) {
    this.server = server;
    this.baseline = baseline;
    this.json = json;
  }

  /**
   * The server's counts, or empty when it cannot tell: performance_schema is off, or the user may
   * not read it.
   */
  public static Optional<Counts> read(Connection c) throws SQLException {
    long compressed;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.COMPRESSED_TRANSACTIONS)) {
      rs.next();
      if (rs.getInt(2) != 1) {
        return Optional.empty();
      }
      compressed = rs.getLong(1);
    } catch (SQLException e) {
      if (e.getErrorCode() == MysqlErrors.TABLE_ACCESS_DENIED) {
        return Optional.empty();
      }
      throw e;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.XA_ROLLBACKS)) {
      return rs.next() ? Optional.of(new Counts(compressed, rs.getLong(2))) : Optional.empty();
    }
  }

  /** Whether the server compresses every session's binlog transactions by default. */
  public static boolean compressedByDefault(Connection c) throws SQLException {
    return "1".equals(variable(c, MigrationDdl.BINLOG_TRANSACTION_COMPRESSION));
  }

  /** Whether the server logs JSON updates as partial updates by default. */
  public static boolean partialJsonByDefault(Connection c) throws SQLException {
    return String.valueOf(variable(c, MigrationDdl.BINLOG_ROW_VALUE_OPTIONS))
        .contains("PARTIAL_JSON");
  }

  // a global variable's value; null where the server has no such variable (before MySQL 8.0.20
  // for the compression: nothing is compressed there)
  private static String variable(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      if (e.getErrorCode() == MysqlErrors.UNKNOWN_SYSTEM_VARIABLE) {
        return null;
      }
      throw e;
    }
  }

  /** What is wrong, read now on a session of its own: see {@link #problem(Connection, boolean)}. */
  public Optional<String> problem(boolean sessions) throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(server, "");
    }
    try {
      return problem(connection, sessions);
    } catch (SQLException e) {
      close(); // reopened at the next look
      throw e;
    }
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection);
    connection = null;
  }

  /**
   * Why the ghost table may not hold what the original holds, or empty: the server has written no
   * transaction compressed and rolled back no XA transaction since the baseline, and (when {@code
   * sessions}) no session logs its changes as statements, nor (where a table has a JSON column) has
   * partial JSON updates turned on. The sessions are read from performance_schema's {@code
   * variables_by_thread}, which costs the server more than the counts (every session's variables):
   * not under the cut-over's lock.
   */
  public Optional<String> problem(Connection c, boolean sessions) throws SQLException {
    Optional<Counts> now = read(c);
    if (now.isPresent()) {
      Optional<String> counted = counted(now.get());
      if (counted.isPresent()) {
        return counted;
      }
    }
    if (sessions) {
      List<String> partial = new ArrayList<>();
      List<String> statements = new ArrayList<>();
      unreadableSessions(c, partial, statements);
      if (!statements.isEmpty()) {
        return Optional.of(
            "sessions "
                + statements
                + " log their changes as statements (binlog_format); ghostflink's binlog reader"
                + " follows row changes only, so the ghost table may lack their changes: have"
                + " them keep binlog_format = ROW and start over with"
                + " --initially-drop-ghost-table");
      }
      if (json && !partial.isEmpty()) {
        return Optional.of(
            "sessions "
                + partial
                + " have binlog_row_value_options = PARTIAL_JSON; ghostflink's binlog reader"
                + " cannot read partial JSON updates, so the ghost table may lack their changes:"
                + " turn it off in those sessions and start over with"
                + " --initially-drop-ghost-table");
      }
    }
    return Optional.empty();
  }

  private Optional<String> counted(Counts now) {
    if (now.compressed() < baseline.compressed() || now.xaRollbacks() < baseline.xaRollbacks()) {
      return Optional.of(
          "the server's counts of compressed binlog transactions and XA rollbacks went from "
              + baseline.text()
              + " to "
              + now.text()
              + " since the migration began (restarted, or performance_schema truncated), so it"
              + " cannot say whether the binlog holds changes ghostflink cannot read; start over"
              + " with --initially-drop-ghost-table");
    }
    if (now.compressed() > baseline.compressed()) {
      return Optional.of(
          "the server wrote "
              + (now.compressed() - baseline.compressed())
              + " transaction(s) to its binlog compressed since the migration began (a session"
              + " with binlog_transaction_compression = ON); ghostflink's binlog reader cannot"
              + " read compressed transactions, so the ghost table may lack their changes: turn"
              + " binlog_transaction_compression off in the application's sessions and start over"
              + " with --initially-drop-ghost-table");
    }
    if (now.xaRollbacks() > baseline.xaRollbacks()) {
      return Optional.of(
          "the server rolled back "
              + (now.xaRollbacks() - baseline.xaRollbacks())
              + " XA transaction(s) since the migration began; the binlog carries the changes of"
              + " an XA transaction from its XA PREPARE, and ghostflink's binlog reader cannot tell"
              + " that a rollback undid them, so the ghost table may hold changes the original"
              + " does not: start over with --initially-drop-ghost-table while no XA transaction"
              + " is rolled back");
    }
    return Optional.empty();
  }

  /**
   * The sessions with partial JSON updates on, and those that log changes as statements ({@code
   * binlog_format} STATEMENT or MIXED), as "id user@host" (a few of each; none seen where the user
   * may not read performance_schema).
   */
  static void unreadableSessions(Connection c, List<String> partialJson, List<String> statements)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.UNREADABLE_SESSIONS)) {
      while (rs.next()) {
        String session = rs.getLong(1) + " " + rs.getString(2) + "@" + rs.getString(3);
        if ("binlog_format".equalsIgnoreCase(rs.getString(4))) {
          statements.add(session + " " + rs.getString(5));
        } else {
          partialJson.add(session);
        }
      }
    } catch (SQLException e) {
      if (e.getErrorCode() != MysqlErrors.TABLE_ACCESS_DENIED) {
        throw e;
      }
    }
  }
}
