package io.ghostflink.controller.verify;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Transactions the server writes to its binlog compressed ({@code binlog_transaction_compression},
 * MySQL 8.0.20 and later) reach the job as one {@code Transaction_payload} event each, which its
 * binlog reader (Flink CDC 3.2 on Debezium 1.9) skips without a word: their changes would be
 * missing from the ghost table. Preflight refuses a server that compresses by default ({@code
 * BinlogCheck}); this watches for a session that compresses anyway (any session with
 * SESSION_VARIABLES_ADMIN may), by performance_schema's count of compressed transactions, so that
 * the migration stops before its swap (docs/operations.md, "Compressed binlog transactions").
 */
public final class CompressedTransactions {
  private final ServerAddress server;
  private final long baseline;

  /**
   * @param server the server whose binlog the job reads
   * @param baseline its count of compressed transactions when the migration began ({@link #count})
   */
  public CompressedTransactions(ServerAddress server, long baseline) {
    this.server = server;
    this.baseline = baseline;
  }

  public long baseline() {
    return baseline;
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
  public static boolean onByDefault(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(MigrationDdl.BINLOG_TRANSACTION_COMPRESSION)) {
      rs.next();
      return rs.getInt(1) == 1;
    } catch (SQLException e) {
      if (e.getErrorCode() == MysqlErrors.UNKNOWN_SYSTEM_VARIABLE) {
        return false; // before MySQL 8.0.20: nothing is compressed
      }
      throw e;
    }
  }

  /** What is wrong, read now on a session of its own: see {@link #problem(Connection)}. */
  public Optional<String> problem() throws SQLException {
    try (Connection c = Connections.open(server, "")) {
      return problem(c);
    }
  }

  /**
   * Why the ghost table may lack changes, or empty: the server has written no transaction
   * compressed since the baseline (or cannot say so any more, when performance_schema was turned
   * off meanwhile, which a running server cannot do).
   */
  public Optional<String> problem(Connection c) throws SQLException {
    OptionalLong now = count(c);
    if (now.isEmpty() || now.getAsLong() == baseline) {
      return Optional.empty();
    }
    String what =
        now.getAsLong() > baseline
            ? "the server wrote "
                + (now.getAsLong() - baseline)
                + " transaction(s) to its binlog compressed since the migration began (a session"
                + " with binlog_transaction_compression = ON)"
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
}
