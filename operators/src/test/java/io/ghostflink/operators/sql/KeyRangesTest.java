package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangesTest {
  private static List<Column> keys(String... names) {
    return java.util.Arrays.stream(names).map(n -> Column.of(n, "int", "int", false)).toList();
  }

  private static Column text(String name, String collation) {
    return Column.fromInformationSchema(
        name, "varchar", "varchar(20)", false, "", "", collation, null);
  }

  @Test
  void bytesAreComparedInTheirCharacterSetAndTheComparedColumnsCollation() {
    List<Column> key = List.of(text("k", "latin1_german2_ci"), text("u", "utf8mb4_bin"));
    // the key's own columns: the column's collation, where the character set's default would not
    // compare with it
    assertThat(KeyRanges.range(key, true, false))
        .isEqualTo(
            "((`k` > CONVERT(? USING latin1) COLLATE latin1_german2_ci) OR (`k` = CONVERT(? USING"
                + " latin1) COLLATE latin1_german2_ci AND `u` > ?))");
    // a ghost's of another character set: converted to it, as MySQL's ALTER converts the value
    List<Column> ghost = List.of(text("k", "utf8mb4_0900_as_cs"), text("u", "utf8mb4_bin"));
    assertThat(KeyRanges.range(key, ghost, false, true))
        .isEqualTo(
            "((`k` < CONVERT(CONVERT(? USING latin1) USING utf8mb4) COLLATE utf8mb4_0900_as_cs) OR"
                + " (`k` = CONVERT(CONVERT(? USING latin1) USING utf8mb4) COLLATE"
                + " utf8mb4_0900_as_cs AND `u` <= ?))");
    assertThat(KeyRanges.nextBoundary(new TableRef("d", "t"), "PRIMARY", key, false))
        .startsWith("SELECT /* ghostflink */ CAST(`k` AS BINARY), `u` FROM");
  }

  @Test
  void compositeKeyRangeIsSpelledOutAsOrsOfEqualities() {
    assertThat(KeyRanges.range(keys("a", "b"), true, true))
        .isEqualTo(
            "((`a` > ?) OR (`a` = ? AND `b` > ?)) AND ((`a` < ?) OR (`a` = ? AND `b` <= ?))");
  }

  @Test
  void openRangesLeaveTheMissingBoundOut() {
    assertThat(KeyRanges.range(keys("id"), false, true)).isEqualTo("((`id` <= ?))");
    assertThat(KeyRanges.range(keys("id"), true, false)).isEqualTo("((`id` > ?))");
    assertThat(KeyRanges.range(keys("id"), false, false)).isEqualTo("1 = 1");
  }

  @Test
  void nextBoundaryWalksTheKeyIndex() {
    assertThat(KeyRanges.nextBoundary(new TableRef("d", "t"), "PRIMARY", keys("a", "b"), true))
        .isEqualTo(
            "SELECT /* ghostflink */ `a`, `b` FROM `d`.`t` FORCE INDEX (`PRIMARY`) WHERE ((`a` > ?)"
                + " OR (`a` = ? AND `b` > ?)) ORDER BY `a`, `b` LIMIT 1 OFFSET ?");
  }

  @Test
  void boundParametersFollowTheTermsOfTheRange() {
    byte[][] bound = {{1}, {2}, {3}};

    byte[][] params = KeyRanges.boundParameters(bound);

    assertThat(KeyRanges.parametersPerBound(3)).isEqualTo(6);
    assertThat(params).isDeepEqualTo(new byte[][] {{1}, {1}, {2}, {1}, {2}, {3}});
    assertThat(KeyRanges.boundParameterColumns(3)).containsExactly(0, 0, 1, 0, 1, 2);
  }
}
