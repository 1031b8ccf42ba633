package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.sql.KeyRanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where each copy chunk ends, along the key index of the original: the key of the row a
 * chunk's worth of rows after the last chunk's end. Reads only, each in its own short transaction.
 * (Not final: the planner's tests give bounds of their own.)
 */
class ChunkPlanner implements AutoCloseable {
  private final CopySpec spec;
  private final List<Column> keyColumns;
  private final List<String> keyNames = new ArrayList<>();
  private Connection connection;

  ChunkPlanner(CopySpec spec) {
    this.spec = spec;
    this.keyColumns = spec.schema().keyColumnList();
    keyColumns.forEach(c -> keyNames.add(c.name()));
  }

  void open() throws SQLException {
    connection = Connections.open(spec.source(), spec.original().database());
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  /**
   * The key of the last row of the {@code rows}-row chunk that starts after {@code lower}, or empty
   * when fewer rows remain (the chunk is then open-ended).
   */
  Optional<byte[][]> nextUpperBound(byte[][] lower, int rows) throws SQLException {
    String sql =
        KeyRanges.nextBoundary(spec.original(), spec.schema().keyName(), keyNames, lower != null);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = KeyRanges.bindBound(ps, 1, lower, keyColumns);
      ps.setInt(p, rows - 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(ColumnValues.readKey(rs, 1, keyColumns)) : Optional.empty();
      }
    } finally {
      connection.commit(); // no read view held open between chunks: it would hold back purge
    }
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection);
  }
}
