package io.ghostflink.operators.model;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one encoding of column values in the job: UTF-8 text that MySQL converts to the column's type
 * on write, or raw bytes for binary columns; null for SQL NULL.
 */
public final class ColumnValues {
  private ColumnValues() {}

  public static byte[] text(String value) {
    return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
  }

  public static String asText(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /**
   * Binds an encoded value of {@code column} (the column the value comes from) as a statement
   * parameter. A TIMESTAMP's text (UTC: the sessions run in UTC, the binlog's values are written in
   * it) is bound with its offset, {@code +00:00}: MySQL then takes it for the instant it is in any
   * session zone, a statement that converts in the server's zone ({@link
   * io.ghostflink.operators.jdbc.ServerAddress#zoneHint}) included, and turns it into that zone's
   * wall clock where a DATETIME is asked for, as its own ALTER would. Not the zero value, which no
   * zone moves.
   */
  public static void bind(PreparedStatement ps, int index, byte[] value, Column column)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, column.binary() ? Types.VARBINARY : Types.VARCHAR);
    } else if (column.binary() || column.carriedAsBytes()) {
      ps.setBytes(index, value);
    } else if (column.dataType().equals("timestamp") && !isZeroTimestamp(value)) {
      ps.setString(index, asText(value) + UTC_OFFSET);
    } else {
      ps.setString(index, asText(value));
    }
  }

  /** The offset a TIMESTAMP's UTC text is bound with (MySQL 8.0.19 and later read it). */
  static final String UTC_OFFSET = "+00:00";

  // "0000-00-00 00:00:00" with or without a fraction: TIMESTAMP's zero (its only date of zeros)
  private static boolean isZeroTimestamp(byte[] value) {
    return value.length >= 4
        && value[0] == '0'
        && value[1] == '0'
        && value[2] == '0'
        && value[3] == '0';
  }

  /** Binds {@code values} (a key) from parameter {@code first} on; returns the next parameter. */
  public static int bindKey(PreparedStatement ps, int first, byte[][] values, List<Column> columns)
      throws SQLException {
    for (int i = 0; i < values.length; i++) {
      bind(ps, first + i, values[i], columns.get(i));
    }
    return first + values.length;
  }

  /**
   * Binds {@code values} (a key) for {@link io.ghostflink.operators.sql.GhostDml#exactKey} from
   * parameter {@code first} on: a collated column's value twice. Returns the next parameter.
   */
  public static int bindExactKey(
      PreparedStatement ps, int first, byte[][] values, List<Column> columns) throws SQLException {
    int p = first;
    for (int i = 0; i < values.length; i++) {
      bind(ps, p++, values[i], columns.get(i));
      if (columns.get(i).collated()) {
        bind(ps, p++, values[i], columns.get(i));
      }
    }
    return p;
  }

  /** Reads a key of {@code columns} from result columns {@code first}, {@code first + 1}, … */
  public static byte[][] readKey(ResultSet rs, int first, List<Column> columns)
      throws SQLException {
    byte[][] key = new byte[columns.size()][];
    for (int i = 0; i < key.length; i++) {
      key[i] = read(rs, first + i, columns.get(i));
    }
    return key;
  }

  /** Reads a result column in the same encoding. */
  public static byte[] read(ResultSet rs, int index, Column column) throws SQLException {
    // a temporal value's bytes are the ASCII text MySQL sent: read as is, not through the
    // driver's date and time types, which lose a negative TIME's sign and turn a YEAR into a date
    // a value carried as bytes is selected as them (GhostDml#readable)
    return column.binary() || column.temporal() || column.carriedAsBytes()
        ? rs.getBytes(index)
        : text(rs.getString(index));
  }

  /**
   * The SQL expression a bound value of {@code column} is compared with a value of {@code compared}
   * as (the same column, or the ghost column it becomes): {@code ?}; but bytes ({@link
   * Column#carriedAsBytes}) read as {@code column}'s character set, converted to {@code compared}'s
   * where that differs (as MySQL's ALTER converts them), and in {@code compared}'s collation. A
   * bound string is coercible and takes the column's collation; a converted one is not, and another
   * collation of the same character set than its default would not compare with it ("Illegal mix of
   * collations"), nor would bytes, which MySQL cannot convert.
   */
  public static String placeholder(Column column, Column compared) {
    if (!column.carriedAsBytes()) {
      return "?";
    }
    return compared.collated()
        ? placeholder(column.charset(), compared.charset(), compared.collation())
        : placeholder(column.charset(), "", "");
  }

  /**
   * Bytes bound as a string of {@code charset} ({@code CONVERT(? USING charset)}), as a string of
   * {@code comparedCharset} in {@code comparedCollation}: converted where the character sets
   * differ, as MySQL's ALTER converts it; only read where {@code comparedCollation} is empty (a
   * column of no character set: a number, an ENUM).
   */
  public static String placeholder(
      String charset, String comparedCharset, String comparedCollation) {
    String read = "CONVERT(? USING " + charset + ")";
    if (comparedCollation.isEmpty()) {
      return read;
    }
    String converted =
        comparedCharset.equals(charset)
            ? read
            : "CONVERT(" + read + " USING " + comparedCharset + ")";
    return converted + " COLLATE " + comparedCollation;
  }

  /**
   * A row key for a message: {@code id=5}, or {@code (tenant=1, id=5)}; binary values in hex, long
   * ones cut.
   */
  public static String describeKey(List<Column> columns, byte[][] values) {
    StringJoiner j =
        columns.size() == 1 ? new StringJoiner(", ") : new StringJoiner(", ", "(", ")");
    for (int i = 0; i < columns.size(); i++) {
      byte[] v = values[i];
      String s;
      if (v == null) {
        s = "NULL";
      } else if (columns.get(i).binary() || columns.get(i).carriedAsBytes()) {
        s = "0x" + java.util.HexFormat.of().formatHex(v);
      } else {
        s = asText(v);
      }
      j.add(columns.get(i).name() + "=" + (s.length() > 40 ? s.substring(0, 40) + "…" : s));
    }
    return j.toString();
  }

  /** Short text for logs: values as text, binary ones as hex, long ones cut. */
  public static String describe(byte[][] values) {
    if (values == null) {
      return "()";
    }
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (byte[] v : values) {
      if (v == null) {
        j.add("NULL");
      } else {
        String s = asText(v);
        j.add(s.length() > 40 ? s.substring(0, 40) + "…" : s);
      }
    }
    return j.toString();
  }
}
