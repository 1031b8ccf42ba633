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
import java.util.OptionalLong;

/**
 * Changes that reach the binlog in a form the job's binlog reader (Flink CDC 3.2 on Debezium 1.9)
 * skips without a word, so that they would be missing from the ghost table:
 *
 * <ul>
 *   <li>transactions written compressed ({@code binlog_transaction_compression = ON}, MySQL 8.0.20
 *       and later): one {@code Transaction_payload} event each;
 *   <li>updates of JSON columns logged as partial updates ({@code binlog_row_value_options =
 *       PARTIAL_JSON}): {@code Update_rows_partial} events.
 * </ul>
 *
 * Preflight refuses a server that does either by default ({@code BinlogCheck}). A session with
 * SESSION_VARIABLES_ADMIN may still turn either on for itself; this watches for that, so that the
 * migration stops before its swap (docs/operations.md, "Changes the job cannot read"): compressed
 * transactions by performance_schema's count of them since the migration began, partial JSON by the
 * sessions that have it set, where the table has a JSON column.
 */
public final class UnreadableChanges {
  private final ServerAddress server;
  private final long baseline;
  private final boolean json;

  /**
   * @param server the server whose binlog the job reads
   * @param baseline its count of compressed transactions when the migration began ({@link #count})
   * @param json whether a migrated table has a JSON column (partial JSON updates matter)
   */
  public UnreadableChanges(ServerAddress server, long baseline, boolean json) {
    this.server = server;
    this.baseline = baseline;
    this.json = json;
  }

  /**
   * How many transactions the server has written to its binlog compressed, or empty when it cannot
   * tell: performance_schema is off, or the user may not read the count.
   */
  public static OptionalLong count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.COMPRESSED_TRANSACTIONS)) {
      rs.next();
      return rs.getInt(2) == 1 ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
    } catch (SQLException e) {
      if (e.getErrorCode() == MysqlErrors.TABLE_ACCESS_DENIED) {
        return OptionalLong.empty();
      }
      throw e;
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
    try (Connection c = Connections.open(server, "")) {
      return problem(c, sessions);
    }
  }

  /**
   * Why the ghost table may lack changes, or empty: the server has written no transaction
   * compressed since the baseline, and (when {@code sessions} and a table has a JSON column) no
   * session has partial JSON updates turned on. The sessions are read from performance_schema's
   * {@code variables_by_thread}, which costs the server more than the count (every session's
   * variables): not under the cut-over's lock.
   */
  public Optional<String> problem(Connection c, boolean sessions) throws SQLException {
    OptionalLong now = count(c);
    if (now.isPresent() && now.getAsLong() != baseline) {
      String what =
          now.getAsLong() > baseline
              ? "the server wrote "
                  + (now.getAsLong() - baseline)
                  + " transaction(s) to its binlog compressed since the migration began (a"
                  + " session with binlog_transaction_compression = ON)"
              : "the server's count of compressed binlog transactions went from "
                  + baseline
                  + " to "
                  + now.getAsLong()
                  + " (restarted, or performance_schema.binary_log_transaction_compression_stats"
                  + " truncated), so it cannot say whether a session compressed any";
      return Optional.of(
          what
              + "; ghostflink's binlog reader cannot read compressed transactions, so the ghost"
              + " table may lack their changes: turn binlog_transaction_compression off in the"
              + " application's sessions and start over with --initially-drop-ghost-table");
    }
    if (sessions && json) {
      List<String> partial = partialJsonSessions(c);
      if (!partial.isEmpty()) {
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

  /** The sessions with partial JSON updates on, as "id user@host" (a few); empty: none seen. */
  static List<String> partialJsonSessions(Connection c) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.PARTIAL_JSON_SESSIONS)) {
      while (rs.next()) {
        found.add(rs.getLong(1) + " " + rs.getString(2) + "@" + rs.getString(3));
      }
    } catch (SQLException e) {
      if (e.getErrorCode() != MysqlErrors.TABLE_ACCESS_DENIED) {
        throw e;
      }
    }
    return found;
  }
}
