package io.ghostflink.operators.jdbc;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
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
 * Reads a table's columns and unique keys from information_schema, and picks the default key that
 * identifies rows: the primary key, else the first unique key over whole NOT NULL columns.
 */
public final class SchemaReader {
  private SchemaReader() {}

  public static List<Column> columns(Connection c, TableRef table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA, GENERATION_EXPRESSION,"
                + " COLLATION_NAME, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND"
                + " TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              Column.fromInformationSchema(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  "YES".equals(rs.getString(4)),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8)));
        }
      }
    }
    return columns;
  }

  /** The unique indexes, PRIMARY first, then by name; each with its key parts in index order. */
  public static List<UniqueKey> uniqueKeys(Connection c, TableRef table) throws SQLException {
    Map<String, List<UniqueKey.Part>> keys = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT INDEX_NAME, COLUMN_NAME, SUB_PART, EXPRESSION FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0"
                + " ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX")) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new UniqueKey.Part(rs.getString(2), rs.getInt(3), rs.getString(4)));
        }
      }
    }
    List<UniqueKey> list = new ArrayList<>();
    keys.forEach((name, parts) -> list.add(new UniqueKey(name, parts)));
    return list;
  }

  /**
   * The table's schema with its default row key (see {@link TableSchema#defaultKey}), or empty when
   * it has no usable key.
   */
  public static Optional<TableSchema> read(Connection c, TableRef table) throws SQLException {
    List<Column> columns = columns(c, table);
    return TableSchema.defaultKey(columns, uniqueKeys(c, table))
        .map(key -> TableSchema.of(columns, key));
  }

  /** The table's {@code SHOW CREATE TABLE}. */
  public static String showCreate(Connection c, TableRef table) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SHOW CREATE TABLE " + io.ghostflink.operators.sql.Identifiers.quote(table))) {
      rs.next();
      return rs.getString(2);
    }
  }

  /** The names of the table's indexes. */
  public static List<String> indexNames(Connection c, TableRef table) throws SQLException {
    return names(c, io.ghostflink.operators.sql.MigrationDdl.INDEX_NAMES, table);
  }

  /**
   * The first column of each row of {@code query}, whose parameters are the table's database and
   * name: names of the table's indexes, constraints, ….
   */
  public static List<String> names(Connection c, String query, TableRef table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }
}
