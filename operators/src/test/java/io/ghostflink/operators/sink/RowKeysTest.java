package io.ghostflink.operators.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowKeysTest {
  private static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(Column.of("id", "bigint", "bigint", false), Column.of("c", "text", "text", true)),
          UniqueKey.of(UniqueKey.PRIMARY, List.of("id")));

  @Test
  void everyMarkerGoesToOneSubtaskUnderAKeyNoRowHas() {
    RowKeys keys = new RowKeys(SCHEMA);
    ChangeEvent marker = ChangeEvent.marker(10, "u:5", "u:1-4");
    ChangeEvent other = ChangeEvent.marker(99, "u:9", "u:1-8");
    ChangeEvent row = ChangeEvent.upsert(11, "u:6", new byte[][] {ColumnValues.text("1"), null});
    ChangeEvent emptyKey =
        ChangeEvent.upsert(12, "u:7", new byte[][] {ColumnValues.text(""), null});

    assertThat(keys.getKey(marker)).isEqualTo(RowKeys.MARKER_KEY).isEqualTo(keys.getKey(other));
    assertThat(keys.getKey(row)).isNotEqualTo(RowKeys.MARKER_KEY);
    assertThat(keys.getKey(emptyKey)).as("an empty key value").isNotEqualTo(RowKeys.MARKER_KEY);
  }

  @Test
  void aMarkerCarriesItsGtidSetAndReachesTheSinkWhereCopyMarksDoNot() {
    ChangeEvent marker = ChangeEvent.marker(10, "u:5", "u:1-4");
    assertThat(marker.gtidsBefore()).isEqualTo("u:1-4");
    assertThat(marker.reachesSink()).isTrue();
    assertThat(ChangeEvent.marker(10, "", "").gtidsBefore()).isEmpty();
    assertThat(ChangeEvent.copyMark(10, "", ChangeEvent.COPY_LOW, "1/2/x").reachesSink()).isFalse();
    assertThat(ChangeEvent.delete(10, "", new byte[][] {null}).reachesSink()).isTrue();
  }

  @Test
  void theSameKeyInTwoTablesOfAMoveIsTwoKeysAndTheFirstTablesKeysAreUnchanged() {
    RowKeys one = new RowKeys(SCHEMA);
    RowKeys two = new RowKeys(List.of(SCHEMA, SCHEMA));
    ChangeEvent inFirst = ChangeEvent.upsert(11, "", new byte[][] {ColumnValues.text("1"), null});
    ChangeEvent inSecond =
        ChangeEvent.upsert(11, "", new byte[][] {ColumnValues.text("1"), null}).ofTable(1);

    assertThat(two.getKey(inFirst)).isEqualTo(one.getKey(inFirst));
    assertThat(two.getKey(inSecond)).isNotEqualTo(two.getKey(inFirst)).startsWith("1|");
  }
}
