package io.ghostflink.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnumeratedValuesTest {
  private static final Column FLAG = column("enum", "enum('0','1','2020')");
  private static final Column SET = column("set", "set('a','b','c')");

  @Test
  void anEnumValueIsItsMembersPositionAndTheErrorValueZero() {
    List<String> members = EnumeratedValues.members(FLAG);
    assertThat(members).containsExactly("0", "1", "2020");
    assertThat(number(FLAG, members, "0")).isEqualTo("1");
    assertThat(number(FLAG, members, "2020")).isEqualTo("3");
    assertThat(number(FLAG, members, "")).as("the error value").isEqualTo("0");
    assertThat(number(FLAG, members, "9")).as("no member: left for MySQL to refuse").isEqualTo("9");
    assertThat(EnumeratedValues.number(FLAG, members, null)).isNull();
  }

  @Test
  void aSetValueIsItsMembersBits() {
    List<String> members = EnumeratedValues.members(SET);
    assertThat(number(SET, members, "")).isEqualTo("0");
    assertThat(number(SET, members, "a")).isEqualTo("1");
    assertThat(number(SET, members, "b,c")).isEqualTo("6");
    assertThat(number(SET, members, "a,b,c")).isEqualTo("7");
  }

  @Test
  void aSetOfSixtyFourMembersKeepsItsHighestBit() {
    StringBuilder type = new StringBuilder("set(");
    for (int i = 0; i < 64; i++) {
      type.append(i == 0 ? "" : ",").append("'m").append(i).append('\'');
    }
    Column wide = column("set", type.append(')').toString());
    assertThat(number(wide, EnumeratedValues.members(wide), "m0,m63"))
        .isEqualTo("9223372036854775809");
  }

  @Test
  void onlyEnumAndSetColumnsTheAlterCastsAreNumbered() {
    Column id = column("int", "int");
    ColumnMapping mapping =
        new ColumnMapping(
            List.of("id", "flag", "s"),
            new int[] {0, 1, 2},
            List.of("", "UNSIGNED", ""),
            List.of("", "SIGNED", ""));
    List<List<String>> numbered = EnumeratedValues.numbered(mapping, List.of(id, FLAG, SET));
    assertThat(numbered.get(0)).isNull();
    assertThat(numbered.get(1)).containsExactly("0", "1", "2020");
    assertThat(numbered.get(2)).as("a SET kept a SET").isNull();
    byte[][] row = {ColumnValues.text("7"), ColumnValues.text("1"), ColumnValues.text("a,b")};
    EnumeratedValues.number(numbered, List.of(id, FLAG, SET), row);
    assertThat(List.of(row).stream().map(ColumnValues::asText)).containsExactly("7", "2", "a,b");
  }

  private static String number(Column c, List<String> members, String value) {
    return ColumnValues.asText(EnumeratedValues.number(c, members, ColumnValues.text(value)));
  }

  private static Column column(String type, String columnType) {
    return Column.of("c", type, columnType, true);
  }
}
