package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.EnumeratedValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnumMembersTest {
  // as information_schema.COLUMNS.COLUMN_TYPE shows it on MySQL 8.0.31 (tab kept raw)
  private static final String ENUM = "enum('a,b','it''s','b\\\\c','l1\\nl2','t\tz','x y','ü','')";

  @Test
  void readsTheMembersAsMysqlWritesThem() {
    assertThat(EnumeratedValues.literals(ENUM))
        .containsExactly(
            "'a,b'", "'it''s'", "'b\\\\c'", "'l1\\nl2'", "'t\tz'", "'x y'", "'ü'", "''");
    assertThat(EnumeratedValues.literals(ENUM).stream().map(EnumeratedValues::unquote))
        .containsExactly("a,b", "it's", "b\\c", "l1\nl2", "t\tz", "x y", "ü", "");
  }

  @Test
  void mapsDebeziumsTextOfEachMemberToTheMember() {
    Map<String, String> byText = EnumMembers.byDebeziumText(ENUM);
    assertThat(byText)
        .containsEntry("a\\,b", "a,b")
        .containsEntry("b\\\\c", "b\\c")
        .containsEntry("l1\\nl2", "l1\nl2")
        .containsEntry("it's", "it's")
        .containsEntry("ü", "ü")
        .hasSize(8);
  }

  @Test
  void namesEnumAndSetValuesAsTheTableDoes() {
    Column e = column("enum", ENUM);
    assertThat(EnumMembers.member(e, "a\\,b")).isEqualTo("a,b");
    assertThat(EnumMembers.member(e, "x y")).isEqualTo("x y");
    Column s = column("set", "set('read','a\\\\b','it''s')");
    assertThat(EnumMembers.setMembers(s, "read,a\\\\b,it's")).isEqualTo("read,a\\b,it's");
    assertThat(EnumMembers.setMembers(s, "")).isEmpty();
  }

  private static Column column(String type, String columnType) {
    return Column.of("c", type, columnType, true);
  }

  @Test
  void aDefinitionWithoutMembersIsNotRead() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnumeratedValues.literals("int"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
