package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.GhostDml.TAG;
import static io.ghostflink.operators.sql.Identifiers.quote;
import static io.ghostflink.operators.sql.Identifiers.quoteAll;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The recheck table {@code _t_ghr}: the row keys of rows a risky unique key kept out of the ghost
 * table or removed from it (docs/architecture.md, "Unique keys"). The sink and the copy add rows;
 * the sink removes a row's entry when it writes that row again; before the swap every row still
 * listed and missing from the ghost table is copied again or the migration stops.
 */
public final class RecheckSql {
  private RecheckSql() {}

  /** One column per row-key column, typed like the original's, and when it was last listed. */
  public static String create(TableRef recheck, List<Column> keyColumns) {
    StringJoiner columns = new StringJoiner(", ");
    List<String> names = new ArrayList<>();
    for (Column c : keyColumns) {
      columns.add(
          quote(c.name())
              + " "
              + c.columnType()
              + (c.collation().isEmpty() ? "" : " COLLATE " + c.collation())
              + " NOT NULL");
      names.add(c.name());
    }
    return "CREATE TABLE IF NOT EXISTS "
        + quote(recheck)
        + " ("
        + columns
        + ", touched TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE"
        + " CURRENT_TIMESTAMP(6), PRIMARY KEY ("
        + quoteAll(names)
        + ")) ENGINE=InnoDB";
  }

  /** Lists one row (parameters: its key values), or touches it when listed already. */
  public static String list(TableRef recheck, List<Column> key) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(recheck)
        + " ("
        + KeyRanges.names(key)
        + ") VALUES ("
        + String.join(", ", placeholders(key))
        + ") ON DUPLICATE KEY UPDATE touched = CURRENT_TIMESTAMP(6)";
  }

  /** Each key column's value compared with (or written into) a column of its own type. */
  static List<String> placeholders(List<Column> key) {
    return key.stream().map(c -> ColumnValues.placeholder(c, c)).toList();
  }

  /**
   * Removes one row's entry, by its exact key ({@link GhostDml#exactKey}; parameters: {@link
   * io.ghostflink.operators.model.ColumnValues#bindExactKey}): the sink has just written that row.
   * Exact, so that writing {@code 'ABC'} never resolves the entry another sink subtask listed for
   * {@code 'abc'} in the same epoch; an entry left listed only costs a look before the swap.
   */
  public static String resolve(TableRef recheck, List<Column> key) {
    return "DELETE "
        + TAG
        + " FROM "
        + quote(recheck)
        + " WHERE "
        + GhostDml.exactKey(key.stream().map(Column::name).toList(), key, placeholders(key));
  }

  /**
   * Removes an entry found in order (parameters: its key values, then the {@code touched} value it
   * was read with): unless the sink listed the row again since.
   */
  public static String forget(TableRef recheck, List<Column> key) {
    return "DELETE "
        + TAG
        + " FROM "
        + quote(recheck)
        + " WHERE "
        + equalities(key)
        + " AND touched = ?";
  }

  /**
   * Lists the rows of one copy chunk that are not in the ghost table after the copy (a risky unique
   * key kept them out). Parameters: the chunk's bounds as {@link KeyRanges#range} takes them.
   */
  public static String listMissingInRange(
      TableRef recheck,
      TableRef original,
      TableRef ghost,
      String keyName,
      List<Column> key,
      List<String> ghostKey,
      boolean hasLower,
      boolean hasUpper) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(recheck)
        + " ("
        + KeyRanges.names(key)
        + ") SELECT "
        + KeyRanges.names(key)
        + " FROM "
        + quote(original)
        + " o FORCE INDEX ("
        + quote(keyName)
        + ") WHERE "
        + KeyRanges.range(key, hasLower, hasUpper)
        + " AND NOT EXISTS (SELECT 1 FROM "
        + quote(ghost)
        + " g WHERE "
        + joined(ghostKey, key.stream().map(Column::name).toList())
        + ") ON DUPLICATE KEY UPDATE touched = CURRENT_TIMESTAMP(6)";
  }

  /**
   * The listed rows missing from the ghost table, listed or touched at or after a time (parameter:
   * a TIMESTAMP(6) value; '1970-01-01 00:00:01' for all). Columns: the key values, then touched.
   */
  public static String missing(
      TableRef recheck, TableRef ghost, List<Column> keyTypes, List<String> ghostKey) {
    // no aliases: the cut-over runs this under LOCK TABLES, which locks names, not aliases
    StringJoiner select = new StringJoiner(", ");
    List<String> key = keyTypes.stream().map(Column::name).toList();
    keyTypes.forEach(
        k ->
            select.add(
                k.carriedAsBytes()
                    ? "CAST(" + quote(recheck) + "." + quote(k.name()) + " AS BINARY)"
                    : quote(recheck) + "." + quote(k.name())));
    StringJoiner on = new StringJoiner(" AND ");
    for (int i = 0; i < key.size(); i++) {
      on.add(
          quote(ghost)
              + "."
              + quote(ghostKey.get(i))
              + " = "
              + quote(recheck)
              + "."
              + quote(key.get(i)));
    }
    return "SELECT "
        + TAG
        + " "
        + select
        + ", "
        + quote(recheck)
        + ".touched FROM "
        + quote(recheck)
        + " WHERE "
        + quote(recheck)
        + ".touched >= ? AND NOT EXISTS (SELECT 1 FROM "
        + quote(ghost)
        + " WHERE "
        + on
        + ")";
  }

  /**
   * Copies the rows with the given keys of {@code copy}'s key columns again ({@code rows} keys;
   * parameters: their values, key by key) with the row copy's own statement head ({@link
   * GhostDml#copyRange}: never overwriting, the same expressions and hint), reading with a share
   * lock.
   */
  public static String copyRows(CopyRange copy, int rows) {
    return GhostDml.insertSelect(copy)
        + " FROM "
        + quote(copy.original())
        + " WHERE "
        + anyOf(copy.keyColumns(), rows)
        + " LOCK IN SHARE MODE";
  }

  /** Which of the given keys the original has ({@code rows} keys). Columns: the key values. */
  public static String present(TableRef table, List<Column> key, int rows) {
    return present(table, key.stream().map(Column::name).toList(), key, placeholders(key), rows);
  }

  /**
   * Which of the given keys (values of {@code keyTypes}' columns) {@code table} has in its columns
   * {@code key}, each value compared as {@code placeholders} say ({@code ?}, or bytes in the
   * column's collation: {@code ColumnMapping#ghostKeyPlaceholders}). Columns: the key values, as
   * {@code keyTypes}' values.
   */
  public static String present(
      TableRef table,
      List<String> key,
      List<Column> keyTypes,
      List<String> placeholders,
      int rows) {
    StringJoiner select = new StringJoiner(", ");
    for (int i = 0; i < key.size(); i++) {
      select.add(GhostDml.readableAs(key.get(i), keyTypes.get(i)));
    }
    StringJoiner or = new StringJoiner(" OR ");
    String one = "(" + equalities(key, placeholders) + ")";
    for (int i = 0; i < rows; i++) {
      or.add(one);
    }
    return "SELECT " + TAG + " " + select + " FROM " + quote(table) + " WHERE " + or;
  }

  /** {@code (k1 = ? AND k2 = ?) OR …}, {@code rows} times. */
  static String anyOf(List<Column> key, int rows) {
    StringJoiner or = new StringJoiner(" OR ");
    String one = "(" + equalities(key) + ")";
    for (int i = 0; i < rows; i++) {
      or.add(one);
    }
    return or.toString();
  }

  private static String equalities(List<Column> key) {
    return equalities(key.stream().map(Column::name).toList(), placeholders(key));
  }

  private static String equalities(List<String> key, List<String> placeholders) {
    StringJoiner and = new StringJoiner(" AND ");
    for (int i = 0; i < key.size(); i++) {
      and.add(quote(key.get(i)) + " = " + placeholders.get(i));
    }
    return and.toString();
  }

  private static String joined(List<String> ghostKey, List<String> key) {
    StringJoiner and = new StringJoiner(" AND ");
    for (int i = 0; i < key.size(); i++) {
      and.add("g." + quote(ghostKey.get(i)) + " = o." + quote(key.get(i)));
    }
    return and.toString();
  }
}
