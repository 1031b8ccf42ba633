package io.ghostflink.controller.preflight;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link TableFacts} for check tests: a healthy table {@code shop.orders} by default. */
final class Facts {
  static final TableRef TABLE = new TableRef("shop", "orders");
  static final List<Column> COLUMNS =
      List.of(
          new Column("id", "bigint", "bigint", false, false),
          new Column("k", "int", "int", false, false),
          new Column("c", "varchar", "varchar(120)", true, false));
  static final TableSchema SCHEMA = new TableSchema(COLUMNS, "PRIMARY", new int[] {0});

  TableRef table = TABLE;
  TableFacts.ServerSettings settings =
      new TableFacts.ServerSettings(true, "ROW", "FULL", "ON", "8.0.31");
  List<String> grants = List.of("GRANT ALL PRIVILEGES ON *.* TO `u`@`%` WITH GRANT OPTION");
  boolean exists = true;
  Optional<TableSchema> original = Optional.of(SCHEMA);
  Map<String, List<String>> originalKeys = Map.of("PRIMARY", List.of("id"));
  List<String> triggers = List.of();
  List<String> foreignKeys = List.of();
  AlterClause alter = AlterClause.parse("ADD COLUMN x INT");
  TableFacts.AlterTrial trial =
      new TableFacts.AlterTrial(
          null, true, COLUMNS, Map.of("PRIMARY", List.of("id")), "CREATE TABLE ...", false);
  List<TableRef> leftovers = List.of();
  Map<String, String> duplicates = Map.of();
  List<String> negativeTimeColumns = List.of();

  Facts ghost(List<Column> columns, Map<String, List<String>> keys) {
    trial = new TableFacts.AlterTrial(null, false, columns, keys, "CREATE TABLE ...", false);
    return this;
  }

  TableFacts build() {
    return new TableFacts(
        table,
        settings,
        grants,
        exists,
        original,
        originalKeys,
        triggers,
        foreignKeys,
        alter,
        trial,
        leftovers,
        duplicates,
        1000,
        negativeTimeColumns);
  }
}
