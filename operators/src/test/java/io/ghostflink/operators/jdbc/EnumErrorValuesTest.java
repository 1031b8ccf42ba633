package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnumErrorValuesTest {
  private static final Column STATUS = column("enum", "enum('new','paid')");
  private static final Column WITH_EMPTY = column("enum", "enum('','x')");
  private static final Column NOTE = column("varchar", "varchar(10)");
  private static final Column FLAG = column("enum", "enum('0','1')");

  // status, with_empty, note, and flag written as a number
  private final EnumErrorValues values =
      new EnumErrorValues(
          List.of("status", "with_empty", "note", "flag"),
          List.of(STATUS, WITH_EMPTY, NOTE, FLAG),
          Arrays.asList(null, null, null, List.of("0", "1")));

  @Test
  void anEnumsEmptyValueWithoutAnEmptyMemberIsTheErrorValue() {
    assertThat(values.any(List.<byte[][]>of(row("paid", "", "", "0")))).isFalse();
    assertThat(values.any(List.<byte[][]>of(row("paid", "x", "", "0"), row("", "x", "n", "1"))))
        .isTrue();
  }

  @Test
  void onlyTheNoteAboutARowsErrorValueIsStored() {
    List<byte[][]> rows = List.<byte[][]>of(row("paid", "x", "", "0"), row("", "x", "", "1"));
    assertThat(values.stored(truncated("status", 2), rows)).isTrue();
    assertThat(values.stored(truncated("STATUS", 2), rows)).as("names ignore case").isTrue();
    assertThat(values.stored(truncated("status", 1), rows)).as("row 1 holds 'paid'").isFalse();
    assertThat(values.stored(truncated("note", 1), rows)).isFalse();
    assertThat(values.stored(truncated("status", 3), rows)).isFalse();
    assertThat(
            values.stored(
                new Warnings.Warning(
                    1366, "Incorrect string value: 'x' for column 'status' at row 2"),
                rows))
        .isFalse();
  }

  @Test
  void theRelaxedHintDropsStrictModeAndTheModesThatActOnlyWithIt() {
    String mode =
        "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,"
            + "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO";
    assertThat(EnumErrorValues.relaxed("", mode))
        .isEqualTo(
            "/*+ SET_VAR(sql_mode = 'ONLY_FULL_GROUP_BY,NO_ENGINE_SUBSTITUTION,"
                + "NO_AUTO_VALUE_ON_ZERO') */ ");
    assertThat(
            EnumErrorValues.relaxed("/*+ SET_VAR(time_zone = 'SYSTEM') */ ", "STRICT_ALL_TABLES"))
        .isEqualTo("/*+ SET_VAR(time_zone = 'SYSTEM') SET_VAR(sql_mode = '') */ ");
  }

  private static Warnings.Warning truncated(String column, int row) {
    return new Warnings.Warning(1265, "Data truncated for column '" + column + "' at row " + row);
  }

  private static byte[][] row(String... values) {
    byte[][] row = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      row[i] = ColumnValues.text(values[i]);
    }
    return row;
  }

  private static Column column(String type, String columnType) {
    return Column.of("c", type, columnType, true);
  }
}
