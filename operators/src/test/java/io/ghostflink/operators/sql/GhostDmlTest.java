package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class GhostDmlTest {
  private static final TableRef T = new TableRef("shop", "orders");

  @Test
  void aReadOfRowsReadsAFloatAsTheDoubleItIs() {
    CopyRange range =
        new CopyRange(
            T,
            new TableRef("shop", "_orders_gho"),
            List.of("id", "f"),
            List.of("id", "f"),
            "PRIMARY",
            List.of("id"),
            false,
            false,
            "",
            List.of("`id`", "`f`"));
    assertThat(
            GhostDml.readRange(
                range,
                List.of(
                    Column.of("id", "int", "int", false), Column.of("f", "float", "float", true))))
        .startsWith("SELECT /* ghostflink */ `id`, `id`, CAST(`f` AS DOUBLE) FROM");
  }

  @Test
  void replaceWritesSeveralRowsInOneStatement() {
    assertThat(GhostDml.replace(T.ghost(), List.of("id", "note"), 2))
        .isEqualTo(
            "REPLACE /* ghostflink */ INTO `shop`.`_orders_gho` (`id`, `note`) VALUES (?, ?), (?, ?)");
  }

  @Test
  void deleteByKeyMatchesNullSafely() {
    assertThat(
            GhostDml.deleteByKey(
                T.ghost(),
                List.of("a", "b"),
                List.of(Column.of("a", "int", "int", false), Column.of("b", "int", "int", false))))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_gho` WHERE `a` <=> ? AND `b` <=> ?");
  }

  @Test
  void deleteByKeyMatchesACollatedColumnsCharactersAsTheyAre() {
    Column code =
        new Column(
            "code",
            "varchar",
            "varchar(20)",
            false,
            Column.Generation.NONE,
            "",
            "utf8mb4_general_ci",
            false,
            false,
            false,
            null);
    assertThat(
            GhostDml.deleteByKey(
                T.ghost(),
                List.of("code", "n"),
                List.of(code, Column.of("n", "int", "int", false))))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_gho` WHERE `code` <=> ? AND `code` <=>"
                + " CONVERT(? USING utf8mb4) COLLATE utf8mb4_0900_bin AND `n` <=> ?");
  }

  @Test
  void copyRangeNeverOverwritesAndReadsInKeyOrder() {
    CopyRange range =
        new CopyRange(
            T,
            T.ghost(),
            List.of("id", "old"),
            List.of("id", "new"),
            "PRIMARY",
            List.of("id"),
            true,
            true,
            "/*+ SET_VAR(time_zone = 'SYSTEM') */ ",
            List.of("`id`", "`old`"));

    // the hint follows the statement's first word, where MySQL reads hints
    assertThat(GhostDml.copyRange(range))
        .isEqualTo(
            "INSERT /*+ SET_VAR(time_zone = 'SYSTEM') */ IGNORE /* ghostflink */ INTO `shop`.`_orders_gho` (`id`, `new`) SELECT `id`, `old`"
                + " FROM `shop`.`orders` FORCE INDEX (`PRIMARY`) WHERE ((`id` > ?)) AND ((`id` <= ?))"
                + " ORDER BY `id`");
    assertThat(GhostDml.keyAt(range))
        .isEqualTo(
            "SELECT /* ghostflink */ `id` FROM `shop`.`orders` FORCE INDEX (`PRIMARY`) WHERE"
                + " ((`id` > ?)) AND ((`id` <= ?)) ORDER BY `id` LIMIT 1 OFFSET ?");
  }

  @Test
  void holdersOfAUniqueValueAreFoundByRowConstructor() {
    assertThat(GhostDml.holdersOf(T.ghost(), List.of("id"), List.of("u"), 2))
        .isEqualTo("SELECT /* ghostflink */ `id` FROM `shop`.`_orders_gho` WHERE `u` IN (?, ?)");
    assertThat(GhostDml.holdersOf(T.ghost(), List.of("a", "b"), List.of("u", "v"), 2))
        .isEqualTo(
            "SELECT /* ghostflink */ `a`, `b` FROM `shop`.`_orders_gho` WHERE (`u`, `v`) IN ((?,"
                + " ?), (?, ?))");
  }

  @Test
  void progressStatementsFilterByRunAndAttempt() {
    assertThat(GhostDml.countAppliedThrough(T.progress()))
        .isEqualTo(
            "SELECT /* ghostflink */ COUNT(*) FROM `shop`.`_orders_ghp` WHERE name LIKE 'sink-%' AND"
                + " run_id = ? AND attempt = ? AND applied >= ?");
    assertThat(GhostDml.appliedPoint(T.progress()))
        .isEqualTo(
            "SELECT /* ghostflink */ MIN(applied), COUNT(*) FROM `shop`.`_orders_ghp` WHERE name LIKE"
                + " 'sink-%' AND run_id = ? AND attempt = (SELECT MAX(attempt) FROM"
                + " `shop`.`_orders_ghp` WHERE name LIKE 'sink-%' AND run_id = ?)");
    assertThat(GhostDml.sinkRow(3)).isEqualTo("sink-3");
  }

  @Test
  void identifiersDoubleTheirBackticks() {
    assertThat(Identifiers.quote("we`ird")).isEqualTo("`we``ird`");
    assertThat(Identifiers.quote(new TableRef("d", "t"))).isEqualTo("`d`.`t`");
  }
}
