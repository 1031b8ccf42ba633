package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.Identifiers.quote;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.TableRef;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;

/**
 * Key-range predicates over a (possibly composite) key, spelled out as ORs of equalities rather
 * than row constructors, so MySQL always uses the key's index range.
 */
public final class KeyRanges {
  private KeyRanges() {}

  /**
   * {@code key > (lower) AND key <= (upper)} with parameters: the lower bound's values then the
   * upper bound's values; an absent bound is left out.
   */
  public static String range(List<Column> key, boolean hasLower, boolean hasUpper) {
    return range(key, key, hasLower, hasUpper);
  }

  /**
   * {@link #range(List, boolean, boolean)} over the columns {@code compared} (of the same names,
   * maybe of another character set or collation: a ghost table's) with values of {@code key}'s
   * columns ({@link ColumnValues#placeholder}).
   */
  public static String range(
      List<Column> key, List<Column> compared, boolean hasLower, boolean hasUpper) {
    if (!hasLower && !hasUpper) {
      return "1 = 1";
    }
    StringJoiner and = new StringJoiner(" AND ");
    if (hasLower) {
      and.add(compare(key, compared, ">", false));
    }
    if (hasUpper) {
      and.add(compare(key, compared, "<", true));
    }
    return and.toString();
  }

  /**
   * The key of the row {@code step} rows after the lower bound, in key order: where the next chunk
   * ends. Parameters: the lower bound's values (when present) and the offset ({@code step - 1}).
   */
  public static String nextBoundary(
      TableRef table, String keyName, List<Column> key, boolean hasLower) {
    return nextBoundary(table, keyName, key, hasLower, false);
  }

  /**
   * {@link #nextBoundary(TableRef, String, List, boolean)} within {@link #range}: the lower bound's
   * values, the upper bound's (when present), then the offset.
   */
  public static String nextBoundary(
      TableRef table, String keyName, List<Column> key, boolean hasLower, boolean hasUpper) {
    return keyAlongIndex(table, keyName, key, "", hasLower, hasUpper) + " OFFSET ?";
  }

  /**
   * The smallest and the largest value of the key's first column, read from the ends of the key's
   * index.
   */
  public static String firstColumnEnds(TableRef table, String keyName, List<Column> key) {
    String first = quote(key.get(0).name());
    return "SELECT "
        + GhostDml.TAG
        + " MIN("
        + first
        + "), MAX("
        + first
        + ") FROM "
        + quote(table)
        + " FORCE INDEX ("
        + quote(keyName)
        + ")";
  }

  /**
   * The first key, in key order, whose first column is at least a value, within {@link #range}:
   * parameters the value, then the bounds' values.
   */
  public static String firstKeyFrom(
      TableRef table, String keyName, List<Column> key, boolean hasLower, boolean hasUpper) {
    return keyAlongIndex(
        table, keyName, key, quote(key.get(0).name()) + " >= ?", hasLower, hasUpper);
  }

  // the first key along the key's index that meets {@code condition} (none: "") within the bounds
  private static String keyAlongIndex(
      TableRef table,
      String keyName,
      List<Column> key,
      String condition,
      boolean hasLower,
      boolean hasUpper) {
    StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
    if (!condition.isEmpty()) {
      where.add(condition);
    }
    if (hasLower || hasUpper) {
      where.add(range(key, hasLower, hasUpper));
    }
    return "SELECT "
        + GhostDml.TAG
        + " "
        + GhostDml.readableAll(key)
        + " FROM "
        + quote(table)
        + " FORCE INDEX ("
        + quote(keyName)
        + ")"
        + where
        + " ORDER BY "
        + names(key)
        + " LIMIT 1";
  }

  // (k1 OP ?) OR (k1 = ? AND k2 OP ?) OR ... ; with orEqual the last term also accepts equality.
  private static String compare(
      List<Column> key, List<Column> compared, String op, boolean orEqual) {
    StringJoiner or = new StringJoiner(" OR ", "(", ")");
    for (int i = 0; i < key.size(); i++) {
      StringJoiner term = new StringJoiner(" AND ", "(", ")");
      for (int j = 0; j < i; j++) {
        term.add(quote(compared.get(j).name()) + " = " + placeholder(key, compared, j));
      }
      boolean last = i == key.size() - 1;
      term.add(
          quote(compared.get(i).name())
              + " "
              + op
              + (last && orEqual ? "=" : "")
              + " "
              + placeholder(key, compared, i));
      or.add(term.toString());
    }
    return or.toString();
  }

  /** The key's columns' names, quoted and joined by commas. */
  public static String names(List<Column> key) {
    StringJoiner j = new StringJoiner(", ");
    key.forEach(c -> j.add(quote(c.name())));
    return j.toString();
  }

  // a value of key column i compared with compared column i
  private static String placeholder(List<Column> key, List<Column> compared, int i) {
    return ColumnValues.placeholder(key.get(i), compared.get(i));
  }

  /**
   * Binds one bound of {@link #range} (null: absent) from parameter {@code first} on; returns the
   * next parameter.
   */
  public static int bindBound(
      PreparedStatement ps, int first, byte[][] bound, List<Column> keyColumns)
      throws SQLException {
    if (bound == null) {
      return first;
    }
    byte[][] values = boundParameters(bound);
    int[] columns = boundParameterColumns(bound.length);
    for (int i = 0; i < values.length; i++) {
      ColumnValues.bind(ps, first + i, values[i], keyColumns.get(columns[i]));
    }
    return first + values.length;
  }

  /** How many parameters one bound of {@link #compare} takes for a key of {@code n} columns. */
  public static int parametersPerBound(int n) {
    return n * (n + 1) / 2;
  }

  /**
   * The parameter values of one bound, in the order {@link #range} and {@link #nextBoundary} expect
   * them: for each term i, the key's values 0..i.
   */
  public static byte[][] boundParameters(byte[][] bound) {
    byte[][] out = new byte[parametersPerBound(bound.length)][];
    int k = 0;
    for (int i = 0; i < bound.length; i++) {
      for (int j = 0; j <= i; j++) {
        out[k++] = bound[j];
      }
    }
    return out;
  }

  /** Which key column each of {@link #boundParameters} belongs to. */
  public static int[] boundParameterColumns(int n) {
    int[] out = new int[parametersPerBound(n)];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        out[k++] = j;
      }
    }
    return out;
  }
}
