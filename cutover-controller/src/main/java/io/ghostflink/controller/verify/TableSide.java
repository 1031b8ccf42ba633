package io.ghostflink.controller.verify;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.KeyRanges;
import io.ghostflink.operators.sql.VerifySql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One side of a comparison of two tables range by range along a key: the table, the index it is
 * read by, and the value expressions compared ({@link VerifySql#chunkDigest}).
 *
 * @param table the table
 * @param keyName the index ranges are read by
 * @param keyColumns the key's columns
 * @param values the expressions compared, in the same order on both sides
 */
record TableSide(TableRef table, String keyName, List<Column> keyColumns, List<String> values) {
  TableSide {
    keyColumns = List.copyOf(keyColumns);
    values = List.copyOf(values);
  }

  List<String> key() {
    return keyColumns.stream().map(Column::name).toList();
  }

  /** Where the range of {@code rows} rows after {@code lower} (null: the start) ends, if any. */
  Optional<byte[][]> nextUpper(Connection c, byte[][] lower, int rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(KeyRanges.nextBoundary(table, keyName, key(), lower != null))) {
      ps.setInt(bind(ps, 1, lower), rows - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(ColumnValues.readKey(rs, 1, keyColumns));
      }
    }
  }

  /** The range's row count and digest. */
  long[] digest(Connection c, byte[][] lower, byte[][] upper) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            VerifySql.chunkDigest(table, keyName, key(), values, lower != null, upper != null))) {
      bind(ps, bind(ps, 1, lower), upper);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getBigDecimal(2).longValue()};
      }
    }
  }

  /** The range's rows: each row's key as text, to its values' bytes in hex (NULL as 'N'). */
  Map<String, List<String>> rowValues(Connection c, byte[][] lower, byte[][] upper)
      throws SQLException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            VerifySql.rowValues(table, keyName, key(), values, lower != null, upper != null))) {
      bind(ps, bind(ps, 1, lower), upper);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            row.add(rs.getString(i + 2));
          }
          out.put(rs.getString(1), row);
        }
      }
    }
    return out;
  }

  /** Binds one bound of a range (null: absent) from {@code first} on; returns the next. */
  int bind(PreparedStatement ps, int first, byte[][] bound) throws SQLException {
    return KeyRanges.bindBound(ps, first, bound, keyColumns);
  }
}
