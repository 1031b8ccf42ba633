package io.ghostflink.controller.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which values the checksum compares, and how, for the type changes an ALTER makes. */
class ChecksumPlanTest {
  private static final String UTF8 = "utf8mb4_0900_ai_ci";
  private static final List<UniqueKey> PRIMARY = List.of(UniqueKey.of("PRIMARY", List.of("id")));

  private static Column col(String name, String dataType, String columnType, String collation) {
    return new Column(
        name,
        dataType,
        columnType,
        false,
        Column.Generation.NONE,
        "",
        collation,
        false,
        false,
        false,
        null);
  }

  private static final TableSchema ORIGINAL =
      new TableSchema(
          List.of(
              col("id", "int", "int", null),
              col("n", "int", "int", null),
              col("c", "char", "char(10)", UTF8),
              col("v", "varchar", "varchar(10)", UTF8),
              col("l", "varchar", "varchar(10)", "latin1_swedish_ci"),
              col("s", "int", "int", null),
              col("m", "set", "set('a','b')", UTF8)),
          "PRIMARY",
          new int[] {0});

  private static ChecksumPlan plan(List<Column> ghost, List<UniqueKey> keys) {
    return ChecksumPlan.of(
        ORIGINAL, ghost, keys, ColumnMapper.map(ORIGINAL, ghost, Map.of(), Set.of()));
  }

  @Test
  void eachChangeIsComparedAsTheGhostColumnHoldsItOrListedAsNotCompared() {
    ChecksumPlan p =
        plan(
            List.of(
                col("id", "int", "int", null),
                col("n", "bigint", "bigint", null),
                col("c", "varchar", "varchar(20)", UTF8),
                col("v", "char", "char(10)", UTF8),
                col("l", "varchar", "varchar(10)", UTF8),
                col("s", "varchar", "varchar(20)", UTF8),
                col("m", "set", "set('b','a')", UTF8),
                col("x", "int", "int", null)),
            PRIMARY);

    assertThat(p.unusable()).isNull();
    assertThat(p.compared()).containsExactly("id", "n", "c", "v", "l");
    assertThat(p.originalValues())
        .containsExactly(
            "`id`",
            "CAST(`n` AS SIGNED)",
            "CONVERT(`c` USING utf8mb4)",
            "TRIM(TRAILING ' ' FROM CONVERT(`v` USING utf8mb4))",
            "CONVERT(`l` USING utf8mb4)");
    assertThat(p.ghostValues()).containsExactly("`id`", "CAST(`n` AS SIGNED)", "`c`", "`v`", "`l`");
    assertThat(p.skipped())
        .containsExactly(
            "s (int to varchar(20))", "m (set('a','b') to set('b','a'))", "x (new column)");
  }

  @Test
  void aColumnMadeAFloatIsNotComparedForNoExpressionRoundsToASinglePrecision() {
    ChecksumPlan p =
        plan(List.of(col("id", "int", "int", null), col("n", "float", "float", null)), PRIMARY);

    assertThat(p.compared()).containsExactly("id");
    assertThat(p.skipped()).containsExactly("n (int to float)");
  }

  @Test
  void aTimeWithAFractionMadeADateIsRoundedToItsSecondOnTheOriginalsSideOnly() {
    TableSchema original =
        new TableSchema(
            List.of(col("id", "int", "int", null), col("tm", "time", "time(2)", null)),
            "PRIMARY",
            new int[] {0});
    List<Column> ghost = List.of(col("id", "int", "int", null), col("tm", "date", "date", null));
    ChecksumPlan p =
        ChecksumPlan.of(
            original, ghost, PRIMARY, ColumnMapper.map(original, ghost, Map.of(), Set.of()));

    assertThat(p.originalValues()).containsExactly("`id`", "CAST(CAST(`tm` AS TIME(0)) AS DATE)");
    assertThat(p.ghostValues()).containsExactly("`id`", "CAST(`tm` AS DATE)");
  }

  @Test
  void aGhostTableWithoutTheOriginalsKeyCannotBeCompared() {
    List<Column> ghost = List.of(col("id", "int", "int", null), col("n", "int", "int", null));

    assertThat(plan(ghost, List.of(UniqueKey.of("PRIMARY", List.of("id", "n")))).unusable())
        .isEqualTo(
            "the new table has no key `PRIMARY` over the same columns (id) to compare it with the"
                + " original by");
    assertThat(plan(ghost, List.of(UniqueKey.of("PRIMARY", List.of("ID")))).unusable()).isNull();
  }
}
