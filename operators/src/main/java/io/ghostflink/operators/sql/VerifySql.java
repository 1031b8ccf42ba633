package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.GhostDml.TAG;
import static io.ghostflink.operators.sql.Identifiers.quote;
import static io.ghostflink.operators.sql.Identifiers.quoteAll;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import java.util.StringJoiner;

/**
 * The statements of the differential check ({@code ghostflink verify}): copying the old table into
 * a scratch table for MySQL's own ALTER, and digests that compare two tables chunk by chunk along a
 * key, every value by its bytes (NULL told apart from any text).
 */
public final class VerifySql {
  private VerifySql() {}

  /** Copies every row of {@code from} into {@code into}, over {@code columns}. */
  public static String copyAll(TableRef into, TableRef from, List<String> columns) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(into)
        + " ("
        + quoteAll(columns)
        + ") SELECT "
        + quoteAll(columns)
        + " FROM "
        + quote(from);
  }

  /**
   * The row count and a 64-bit XOR of the rows' MD5 digests over the {@link #comparable} values,
   * over one key range (parameters as {@link KeyRanges#range} takes them), the values converted as
   * the optimizer hint {@code hint} says (or empty). The bounds are values of {@code key}'s
   * columns, compared with {@code table}'s own {@code compared} ({@link KeyRanges#range(List, List,
   * boolean, boolean)}). Columns: count, digest.
   */
  public static String chunkDigest(
      TableRef table,
      String keyName,
      List<Column> key,
      List<Column> compared,
      List<String> columns,
      boolean lower,
      boolean upper,
      String hint) {
    return "SELECT "
        + hint
        + TAG
        + " COUNT(*), COALESCE(BIT_XOR(CAST(CONV(LEFT("
        + rowDigest(columns)
        + ", 16), 16, 10) AS UNSIGNED)), 0)"
        + overRange(table, keyName, key, compared, lower, upper);
  }

  /**
   * Deletes one key range of {@code table} (parameters as {@link KeyRanges#range} takes them): the
   * checksum's re-copy of a range that differs.
   */
  public static String deleteRange(
      TableRef table, List<Column> key, List<Column> compared, boolean lower, boolean upper) {
    return "DELETE "
        + TAG
        + " FROM "
        + quote(table)
        + " WHERE "
        + KeyRanges.range(key, compared, lower, upper);
  }

  // " FROM table FORCE INDEX (key) WHERE range"
  private static String overRange(
      TableRef table,
      String keyName,
      List<Column> key,
      List<Column> compared,
      boolean lower,
      boolean upper) {
    return " FROM "
        + quote(table)
        + " FORCE INDEX ("
        + quote(keyName)
        + ") WHERE "
        + KeyRanges.range(key, compared, lower, upper);
  }

  /**
   * Each row's key (as text) and its {@link #comparable} values' bytes in hex (NULL as 'N') over
   * one key range, in key order (parameters as {@link KeyRanges#range} takes them). Columns: key,
   * then one per column. {@code hint}: as {@link #chunkDigest}'s.
   */
  public static String rowValues(
      TableRef table,
      String keyName,
      List<Column> key,
      List<Column> compared,
      List<String> columns,
      boolean lower,
      boolean upper,
      String hint) {
    StringJoiner keyText = new StringJoiner(", ");
    compared.forEach(
        c -> {
          String k = c.name();
          keyText.add(
              "CONCAT('" + k.replace("'", "''") + "=', COALESCE(" + quote(k) + ", 'NULL'))");
        });
    StringJoiner values = new StringJoiner(", ");
    columns.forEach(c -> values.add(hexOf(c)));
    return "SELECT "
        + hint
        + TAG
        + " CONCAT_WS(', ', "
        + keyText
        + "), "
        + values
        + overRange(table, keyName, key, compared, lower, upper)
        + " ORDER BY "
        + KeyRanges.names(compared);
  }

  /**
   * How a column's value is compared: by its bytes, a JSON document by the bytes of its text read
   * back as JSON (the form JSON text can carry: a DECIMAL inside a document, which only SQL
   * functions make, compares as the DOUBLE its text is read as), a FLOAT by its exact value.
   */
  public static String comparable(String column, String dataType) {
    return switch (dataType) {
      case "json" -> "CAST(CAST(" + quote(column) + " AS CHAR) AS JSON)";
        // a FLOAT's text has six digits (0.142857 for 0.14285715): its value as the DOUBLE it is
      case "float" -> "CAST(" + quote(column) + " AS DOUBLE)";
      default -> quote(column);
    };
  }

  private static String hexOf(String value) {
    return "COALESCE(HEX(CAST(" + value + " AS BINARY)), 'N')";
  }

  /** One row's MD5 over {@code values}: each value's bytes in hex, NULL as 'N'. */
  static String rowDigest(List<String> columns) {
    StringJoiner values = new StringJoiner(", ");
    columns.forEach(c -> values.add(hexOf(c)));
    return "MD5(CONCAT_WS('#', " + values + "))";
  }
}
