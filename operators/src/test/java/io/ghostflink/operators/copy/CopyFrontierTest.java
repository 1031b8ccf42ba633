package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyFrontierTest {
  private final CopyFrontier f = new CopyFrontier();

  private static byte[][] key(String... values) {
    byte[][] k = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      k[i] = ColumnValues.text(values[i]);
    }
    return k;
  }

  private boolean reached(String... values) {
    return f.reached(key(values));
  }

  @Test
  void noKeyIsReachedBeforeTheFirstLowMark() {
    assertThat(reached("1")).isFalse();
    assertThat(reached("-5")).isFalse();
    assertThat(f.texts()).isEmpty();
  }

  @Test
  void aChunkCoversItsKeysAfterItsLowerBoundUpToItsUpper() {
    f.add("100", "200");
    assertThat(reached("100")).as("the lower bound is the chunk before's").isFalse();
    assertThat(reached("101")).isTrue();
    assertThat(reached("200")).isTrue();
    assertThat(reached("201")).isFalse();
    f.add(CopyFrontier.OPEN, "100");
    assertThat(reached("-9223372036854775808")).isTrue();
    assertThat(reached("100")).isTrue();
    assertThat(f.texts()).as("adjacent chunks merge").containsExactly("* 200");
  }

  @Test
  void lanesLeaveAGapUntilTheyMeet() {
    f.add(CopyFrontier.OPEN, "100");
    f.add("500", "600");
    f.add("100", "200");
    assertThat(reached("150")).isTrue();
    assertThat(reached("300")).isFalse();
    assertThat(reached("550")).isTrue();
    assertThat(reached("601")).isFalse();
    assertThat(f.texts()).containsExactly("* 200", "500 600");
    f.add("200", "500");
    assertThat(reached("300")).isTrue();
    assertThat(f.texts()).containsExactly("* 600");
  }

  @Test
  void aChunkCopiedAgainOrOverlappingAddsNothingTwice() {
    f.add("100", "200");
    f.add("100", "200");
    f.add("150", "250");
    f.add("120", "130");
    assertThat(f.texts()).containsExactly("100 250");
    f.add("50", "300");
    assertThat(f.texts()).containsExactly("50 300");
  }

  @Test
  void theLastChunkReachesTheTablesEndAndEverythingAddedAfter() {
    f.add("900", CopyFrontier.OPEN);
    assertThat(reached("18446744073709551615")).isTrue();
    assertThat(reached("900")).isFalse();
    f.add("800", "900");
    assertThat(f.texts()).containsExactly("800 *");
    f.add(CopyFrontier.OPEN, CopyFrontier.OPEN);
    assertThat(f.everything()).isTrue();
    assertThat(reached("1")).isTrue();
    assertThat(f.texts()).containsExactly("*");
  }

  @Test
  void keysBeyondALongAndCompositeKeysCompareByValueColumnByColumn() {
    f.add("9223372036854775807", "18446744073709551610");
    assertThat(reached("9223372036854775808")).isTrue();
    assertThat(reached("18446744073709551611")).isFalse();
    assertThat(reached("99")).as("numbers, not text: 99 < 9223…").isFalse();

    CopyFrontier composite = new CopyFrontier();
    composite.add("1,5", "2,3");
    assertThat(composite.reached(key("1", "5"))).isFalse();
    assertThat(composite.reached(key("1", "6"))).isTrue();
    assertThat(composite.reached(key("1", "1000"))).isTrue();
    assertThat(composite.reached(key("2", "3"))).isTrue();
    assertThat(composite.reached(key("2", "4"))).isFalse();
    assertThat(composite.reached(key("10", "0"))).isFalse();
  }

  @Test
  void aBoundOrKeyThatIsNoIntegerTextMakesItApplyEverything() {
    assertThat(reached("true")).as("a key it cannot place is applied").isTrue();
    f.add("false", "true");
    assertThat(f.everything()).isTrue();
  }

  @Test
  void itsTextsDescribeItAgain() {
    f.add(CopyFrontier.OPEN, "100");
    f.add("500", "600");
    CopyFrontier again = CopyFrontier.of(f.texts());
    assertThat(again.texts()).isEqualTo(f.texts());
    assertThat(again.reached(key("50"))).isTrue();
    assertThat(again.reached(key("300"))).isFalse();
    assertThat(CopyFrontier.of(List.of("*")).everything()).isTrue();
  }

  @Test
  void aBoundsTextIsItsValuesInDecimalOrOpen() {
    assertThat(CopyFrontier.boundText(null)).isEqualTo("*");
    assertThat(CopyFrontier.boundText(key("7", "-3"))).isEqualTo("7,-3");
  }

  @Test
  void onlyIntegerKeysIntoAGhostWhoseUniqueKeysHoldTheRowKeyAreTracked() {
    Column id = Column.of("id", "bigint", "bigint unsigned", false);
    Column name = Column.of("name", "varchar", "varchar(20)", false);
    TableSchema byId = new TableSchema(List.of(id, name), "PRIMARY", new int[] {0});
    TableSchema byName = new TableSchema(List.of(id, name), "name_uk", new int[] {1});
    GhostKey plain = new GhostKey(List.of("id"), true, List.of("PRIMARY"), List.of(), List.of());
    assertThat(CopyFrontier.tracks(byId, plain)).isTrue();
    assertThat(CopyFrontier.tracks(byName, plain))
        .as("a string key's order is its collation's")
        .isFalse();
    GhostKey guaranteed =
        new GhostKey(List.of("id"), true, List.of("PRIMARY"), List.of("name_uk"), List.of());
    assertThat(CopyFrontier.tracks(byId, guaranteed))
        .as("a stale row may keep a copied row out: its change must be applied")
        .isFalse();
    GhostKey risky =
        new GhostKey(
            List.of("id"),
            true,
            List.of("PRIMARY"),
            List.of(),
            List.of(UniqueKey.of("name_uk", List.of("name"))));
    assertThat(CopyFrontier.tracks(byId, risky)).isFalse();
  }
}
