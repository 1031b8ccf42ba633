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
 * @param keyColumns the key's columns, as the bounds' values are typed (read from the side ranges
 *     are cut on)
 * @param comparedKey this table's own columns of the key (of the same names; another character set
 *     or collation maybe), which the bounds are compared with
 * @param values the expressions compared, in the same order on both sides
 * @param hint the optimizer hint of the statements that read them (the zone they convert in, {@code
 *     ServerAddress#zoneHint}), or empty
 */
record TableSide(
    TableRef table,
    String keyName,
    List<Column> keyColumns,
    List<Column> comparedKey,
    List<String> values,
    String hint) {
  TableSide {
    keyColumns = List.copyOf(keyColumns);
    comparedKey = List.copyOf(comparedKey);
    values = List.copyOf(values);
  }

  /** A side whose key columns are the bounds' own. */
  TableSide(
      TableRef table, String keyName, List<Column> keyColumns, List<String> values, String hint) {
    this(table, keyName, keyColumns, keyColumns, values, hint);
  }

  /** A range of the key: {@code key > lower AND key <= upper}, null for no bound. */
  record Range(byte[][] lower, byte[][] upper) {}

  /** This table's key cut into ranges of {@code rows} rows, from the first key to past the last. */
  List<Range> ranges(Connection c, int rows) throws SQLException {
    List<Range> ranges = new ArrayList<>();
    byte[][] lower = null;
    while (true) {
      Optional<byte[][]> upper = nextUpper(c, lower, rows);
      ranges.add(new Range(lower, upper.orElse(null)));
      if (upper.isEmpty()) {
        return ranges;
      }
      lower = upper.get();
    }
  }

  /**
   * One range compared on two sides.
   *
   * @param mineRows the range's rows on the side compared
   * @param theirsRows its rows on the side compared with
   * @param equal whether the counts and digests match
   * @param differences each differing row: its key, and the columns that differ or the side it is
   *     missing from (none when equal)
   */
  record Comparison(long mineRows, long theirsRows, boolean equal, List<String> differences) {}

  /**
   * Compares range {@code r} of {@code mine} with {@code theirs} (named {@code theirsName} in the
   * descriptions, "MySQL's ALTER"), by digest, and row by row where the digests differ.
   */
  static Comparison compare(
      Connection c,
      TableSide mine,
      TableSide theirs,
      Range r,
      List<String> columns,
      String theirsName)
      throws SQLException {
    return compare(c, mine, c, theirs, r, columns, theirsName);
  }

  /**
   * {@link #compare(Connection, TableSide, TableSide, Range, List, String)} of two tables on two
   * servers: {@code mine} read on {@code mineOn}, {@code theirs} on {@code theirsOn}.
   */
  static Comparison compare(
      Connection mineOn,
      TableSide mine,
      Connection theirsOn,
      TableSide theirs,
      Range r,
      List<String> columns,
      String theirsName)
      throws SQLException {
    long[] a = mine.digest(mineOn, r.lower(), r.upper());
    long[] b = theirs.digest(theirsOn, r.lower(), r.upper());
    if (a[0] == b[0] && a[1] == b[1]) {
      return new Comparison(a[0], b[0], true, List.of());
    }
    Map<String, List<String>> x = mine.rowValues(mineOn, r.lower(), r.upper());
    Map<String, List<String>> y = theirs.rowValues(theirsOn, r.lower(), r.upper());
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : x.entrySet()) {
      List<String> other = y.get(e.getKey());
      if (other == null) {
        differences.add(e.getKey() + " only in " + mine.table());
      } else if (!other.equals(e.getValue())) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          if (!e.getValue().get(i).equals(other.get(i))) {
            cols.add(
                columns.get(i)
                    + " is "
                    + readable(e.getValue().get(i))
                    + " where "
                    + theirsName
                    + " has "
                    + readable(other.get(i)));
          }
        }
        differences.add(e.getKey() + ": " + String.join(", ", cols));
      }
    }
    for (String k : y.keySet()) {
      if (!x.containsKey(k)) {
        differences.add(k + " missing from " + mine.table());
      }
    }
    return new Comparison(a[0], b[0], false, differences);
  }

  /** A value's hex bytes as readable text: 'text' when printable UTF-8, else 0x… (cut). */
  static String readable(String hex) {
    if ("N".equals(hex)) {
      return "NULL";
    }
    byte[] bytes = java.util.HexFormat.of().parseHex(hex);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    boolean printable =
        java.util.Arrays.equals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes)
            && text.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7f);
    String shown = printable ? "'" + text + "'" : "0x" + hex.toLowerCase(java.util.Locale.ROOT);
    return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
  }

  /** Where the range of {@code rows} rows after {@code lower} (null: the start) ends, if any. */
  Optional<byte[][]> nextUpper(Connection c, byte[][] lower, int rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(KeyRanges.nextBoundary(table, keyName, keyColumns, lower != null))) {
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
            VerifySql.chunkDigest(
                table,
                keyName,
                keyColumns,
                comparedKey,
                values,
                lower != null,
                upper != null,
                hint))) {
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
            VerifySql.rowValues(
                table,
                keyName,
                keyColumns,
                comparedKey,
                values,
                lower != null,
                upper != null,
                hint))) {
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
