package io.ghostflink.controller.preflight;

import io.ghostflink.operators.model.TableRef;
import java.util.Optional;

/**
 * The migration tables' names ({@code _t_gho} and friends) must fit MySQL's 64 characters, and the
 * binlog reader must be able to find the table.
 */
public final class TableNameCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    String database = f.table().database();
    if (database.indexOf('`') >= 0) {
      // Flink CDC lists a database's tables with SHOW TABLES IN `name` without doubling the
      // backtick: the statement fails, the reader finds no table and the job failed after the copy
      return Optional.of(
          "database name "
              + database
              + " holds a backtick, and the binlog reader (Flink CDC) cannot list the tables of"
              + " such a database; rename the database or move the table to one without it");
    }
    String table = f.table().table();
    if (table.startsWith("`") || table.endsWith("`")) {
      // Debezium takes such a name for one quoted already and reads its definition with it bare
      return Optional.of(
          "table name "
              + table
              + " begins or ends with a backtick, and the binlog reader (Debezium) cannot read the"
              + " definition of such a table; rename the table first");
    }
    int length = table.length();
    if (length <= TableRef.MAX_ORIGINAL_NAME_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(
        "table name "
            + f.table().table()
            + " is "
            + length
            + " characters; ghostflink needs at most "
            + TableRef.MAX_ORIGINAL_NAME_LENGTH
            + " so that _<table>_gho fits MySQL's 64; rename the table first");
  }
}
