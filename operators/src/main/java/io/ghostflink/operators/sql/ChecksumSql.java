package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.Identifiers.quote;

import io.ghostflink.operators.model.TableRef;
import java.util.List;
import java.util.StringJoiner;

/**
 * A checksum over chosen columns of every row: the row count and the sum of a CRC32 of each row's
 * bytes. Order-free, so two tables with the same rows under different keys or layouts compare
 * equal; NULL is told apart from the text 'NULL' by hexing every value.
 */
public final class ChecksumSql {
  private ChecksumSql() {}

  /** Columns: row count, checksum. */
  public static String checksum(TableRef table, List<String> columns) {
    StringJoiner values = new StringJoiner(", ");
    columns.forEach(c -> values.add("COALESCE(HEX(CAST(" + quote(c) + " AS BINARY)), 'N')"));
    return "SELECT "
        + GhostDml.TAG
        + " COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('#', "
        + values
        + "))), 0) FROM "
        + quote(table);
  }
}
