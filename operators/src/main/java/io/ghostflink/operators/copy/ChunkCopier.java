package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.KeyRanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain JDBC work of the server-side copy: finds where the next chunk ends along the key index, and
 * has MySQL copy one chunk into the ghost table. Deadlocks and lock-wait timeouts with the binlog
 * apply are retried; the copy never overwrites, so re-running a chunk is harmless.
 */
public final class ChunkCopier implements AutoCloseable {
  private static final int MAX_ATTEMPTS = 30;

  private final CopySpec spec;
  private final List<String> keyNames;
  private final List<Column> keyColumns;
  private final CopyRange lowerOnly;
  private final CopyRange both;
  private final CopyRange upperOnly;
  private final CopyRange all;
  private Connection connection;

  public ChunkCopier(CopySpec spec) {
    this.spec = spec;
    this.keyColumns = spec.schema().keyColumnList();
    this.keyNames = new ArrayList<>();
    keyColumns.forEach(c -> keyNames.add(c.name()));
    List<String> sourceColumns = new ArrayList<>();
    for (int i : spec.mapping().sourceColumns()) {
      sourceColumns.add(spec.schema().columns().get(i).name());
    }
    this.lowerOnly = range(sourceColumns, true, false);
    this.both = range(sourceColumns, true, true);
    this.upperOnly = range(sourceColumns, false, true);
    this.all = range(sourceColumns, false, false);
  }

  private CopyRange range(List<String> sourceColumns, boolean lower, boolean upper) {
    return new CopyRange(
        spec.original(),
        spec.ghost(),
        sourceColumns,
        spec.mapping().ghostColumns(),
        spec.schema().keyName(),
        keyNames,
        lower,
        upper);
  }

  public void open() throws SQLException {
    connection = Connections.open(spec.server(), spec.original().database());
    connection.setAutoCommit(true);
  }

  /**
   * The key of the last row of the chunk that starts after {@code lower}, or empty when fewer than
   * a chunk's rows remain (the chunk is then open-ended).
   */
  public Optional<byte[][]> nextUpperBound(byte[][] lower) throws SQLException {
    String sql =
        KeyRanges.nextBoundary(spec.original(), spec.schema().keyName(), keyNames, lower != null);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = bindBound(ps, 1, lower);
      ps.setInt(p, spec.chunkSize() - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        byte[][] key = new byte[keyColumns.size()][];
        for (int i = 0; i < key.length; i++) {
          key[i] = ColumnValues.read(rs, i + 1, keyColumns.get(i));
        }
        return Optional.of(key);
      }
    }
  }

  /** Copies one chunk; returns the rows it inserted (rows already in the ghost table are kept). */
  public long copy(Chunk chunk) throws SQLException {
    CopyRange range =
        chunk.lower() == null
            ? (chunk.upper() == null ? all : upperOnly)
            : (chunk.upper() == null ? lowerOnly : both);
    String sql = GhostDml.copyRange(range);
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        int p = bindBound(ps, 1, chunk.lower());
        bindBound(ps, p, chunk.upper());
        return ps.executeUpdate();
      } catch (SQLException e) {
        boolean lost = MysqlErrors.isConnectionLost(e);
        if (attempt >= MAX_ATTEMPTS || !(lost || MysqlErrors.isRetryable(e))) {
          throw e;
        }
        if (lost) {
          close();
          open();
        }
      }
    }
  }

  private int bindBound(PreparedStatement ps, int first, byte[][] bound) throws SQLException {
    if (bound == null) {
      return first;
    }
    byte[][] values = KeyRanges.boundParameters(bound);
    int[] columns = KeyRanges.boundParameterColumns(bound.length);
    for (int i = 0; i < values.length; i++) {
      ColumnValues.bind(ps, first + i, values[i], keyColumns.get(columns[i]));
    }
    return first + values.length;
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // closing a broken session
    }
  }
}
