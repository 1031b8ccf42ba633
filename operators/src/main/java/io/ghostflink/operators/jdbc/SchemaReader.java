package io.ghostflink.operators.jdbc;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
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
 * Reads a table's columns and keys from information_schema, and picks the key that identifies rows:
 * the primary key, else the first unique key whose columns are all NOT NULL.
 */
public final class SchemaReader {
  private SchemaReader() {}

  public static List<Column> columns(Connection c, TableRef table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String extra = rs.getString(5) == null ? "" : rs.getString(5).toUpperCase();
          columns.add(
              new Column(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  "YES".equals(rs.getString(4)),
                  extra.contains("GENERATED")));
        }
      }
    }
    return columns;
  }

  /** Unique indexes by name (PRIMARY first), each with its column names in index order. */
  public static Map<String, List<String>> uniqueKeys(Connection c, TableRef table)
      throws SQLException {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME,"
                + " SEQ_IN_INDEX")) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(2) == null) {
            keys.remove(rs.getString(1)); // a functional key part: not usable to identify rows
            continue;
          }
          keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    return keys;
  }

  /** The table's schema with its row-identifying key, or empty when it has no usable key. */
  public static Optional<TableSchema> read(Connection c, TableRef table) throws SQLException {
    List<Column> columns = columns(c, table);
    for (Map.Entry<String, List<String>> key : uniqueKeys(c, table).entrySet()) {
      int[] positions = new int[key.getValue().size()];
      boolean usable = true;
      for (int i = 0; i < positions.length; i++) {
        positions[i] = Column.indexOf(columns, key.getValue().get(i));
        usable &= positions[i] >= 0 && !columns.get(positions[i]).nullable();
      }
      if (usable) {
        return Optional.of(new TableSchema(columns, key.getKey(), positions));
      }
    }
    return Optional.empty();
  }
}
