package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class GhostDmlTest {
  private static final TableRef T = new TableRef("shop", "orders");
  private static final Column ID = Column.of("id", "int", "int", false);

  // a character column of collation collation
  private static Column text(String name, String collation) {
    return Column.fromInformationSchema(
        name, "varchar", "varchar(20)", false, "", "", collation, null);
  }

  @Test
  void aReadOfRowsReadsTheBytesOfACharacterSetOtherThanUtf8() {
    CopyRange range =
        new CopyRange(
            T,
            new TableRef("shop", "_orders_gho"),
            List.of("code", "name", "note"),
            List.of("code", "name", "note"),
            "PRIMARY",
            List.of(text("code", "sjis_bin")),
            true,
            false,
            "",
            List.of("`code`", "`name`", "`note`"));
    assertThat(
            GhostDml.readRange(
                range,
                List.of(
                    text("code", "sjis_bin"),
                    text("name", "cp1251_general_ci"),
                    text("note", "utf8mb4_0900_ai_ci"))))
        .isEqualTo(
            "SELECT /* ghostflink */ CAST(`code` AS BINARY), CAST(`code` AS BINARY), CAST(`name` AS"
                + " BINARY), `note` FROM `shop`.`orders` FORCE INDEX (`PRIMARY`) WHERE ((`code` >"
                + " CONVERT(? USING sjis) COLLATE sjis_bin)) ORDER BY `code`");
  }

  @Test
  void aReadOfRowsReadsAFloatAsTheDoubleItIs() {
    CopyRange range =
        new CopyRange(
            T,
            new TableRef("shop", "_orders_gho"),
            List.of("id", "f"),
            List.of("id", "f"),
            "PRIMARY",
            List.of(ID),
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
                List.of(Column.of("a", "int", "int", false), Column.of("b", "int", "int", false)),
                List.of("?", "?")))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_gho` WHERE `a` <=> ? AND `b` <=> ?");
  }

  @Test
  void deleteByKeyMatchesACollatedColumnsCharactersAsTheyAre() {
    Column code = text("code", "utf8mb4_general_ci");
    assertThat(
            GhostDml.deleteByKey(
                T.ghost(),
                List.of("code", "n"),
                List.of(code, Column.of("n", "int", "int", false)),
                List.of("?", "?")))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_gho` WHERE `code` <=> ? AND `code` <=>"
                + " CONVERT(? USING utf8mb4) COLLATE utf8mb4_0900_bin AND `n` <=> ?");
  }

  @Test
  void deleteByKeyReadsBytesInTheirCharacterSet() {
    Column code = text("code", "latin1_german2_ci");
    String inGhost = ColumnValues.placeholder("latin1", "utf8mb4", "utf8mb4_bin");
    assertThat(GhostDml.deleteByKey(T.ghost(), List.of("code"), List.of(code), List.of(inGhost)))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_gho` WHERE `code` <=>"
                + " CONVERT(CONVERT(? USING latin1) USING utf8mb4) COLLATE utf8mb4_bin AND `code`"
                + " <=> CONVERT(CONVERT(? USING latin1) USING utf8mb4) COLLATE utf8mb4_0900_bin");
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
            List.of(ID),
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
    assertThat(GhostDml.holdersOf(T.ghost(), List.of("id"), List.of(ID), List.of("u"), 2))
        .isEqualTo("SELECT /* ghostflink */ `id` FROM `shop`.`_orders_gho` WHERE `u` IN (?, ?)");
    assertThat(
            GhostDml.holdersOf(
                T.ghost(),
                List.of("a", "b"),
                List.of(ID, text("b", "sjis_japanese_ci")),
                List.of("u", "v"),
                2))
        .isEqualTo(
            "SELECT /* ghostflink */ `a`, CAST(CONVERT(`b` USING sjis) AS BINARY) FROM"
                + " `shop`.`_orders_gho` WHERE (`u`, `v`) IN ((?, ?), (?, ?))");
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
