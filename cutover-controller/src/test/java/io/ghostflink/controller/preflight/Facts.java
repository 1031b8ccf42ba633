package io.ghostflink.controller.preflight;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import java.util.Map;

/** Builds {@link TableFacts} for check tests: a healthy table {@code shop.orders} by default. */
final class Facts {
  static final TableRef TABLE = new TableRef("shop", "orders");
  static final List<Column> COLUMNS =
      List.of(
          Column.of("id", "bigint", "bigint", false),
          Column.of("k", "int", "int", false),
          Column.of("c", "varchar", "varchar(120)", true));
  static final List<UniqueKey> KEYS = List.of(UniqueKey.of("PRIMARY", List.of("id")));

  TableRef table = TABLE;
  TableFacts.ServerSettings settings =
      new TableFacts.ServerSettings(true, "ROW", "FULL", "ON", "8.0.31");
  List<String> grants = List.of("GRANT ALL PRIVILEGES ON *.* TO `u`@`%` WITH GRANT OPTION");
  boolean exists = true;
  List<Column> originalColumns = COLUMNS;
  List<UniqueKey> originalKeys = KEYS;
  List<String> triggers = List.of();
  List<String> foreignKeys = List.of();
  AlterClause alter = AlterClause.parse("ADD COLUMN x INT");
  TableFacts.AlterTrial trial =
      new TableFacts.AlterTrial(null, true, COLUMNS, KEYS, "CREATE TABLE ...", false);
  List<TableRef> leftovers = List.of();
  Map<String, String> duplicates = Map.of();
  String sqlMode = "STRICT_ALL_TABLES,NO_ZERO_DATE,NO_AUTO_VALUE_ON_ZERO";
  String engine = "InnoDB";

  Facts ghost(List<Column> columns, List<UniqueKey> keys) {
    trial = new TableFacts.AlterTrial(null, false, columns, keys, "CREATE TABLE ...", false);
    return this;
  }

  TableFacts build() {
    return new TableFacts(
        table,
        settings,
        grants,
        exists,
        originalColumns,
        originalKeys,
        triggers,
        foreignKeys,
        alter,
        trial,
        leftovers,
        duplicates,
        1000,
        sqlMode,
        engine);
  }
}
