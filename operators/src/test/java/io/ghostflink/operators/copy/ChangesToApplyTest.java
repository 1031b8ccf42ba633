package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.TableSchema;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ChangesToApplyTest {
  private static final long RUN = 7;

  /** Keyed by its first column, as the tests' changes are. */
  private static final TableSchema SCHEMA =
      new TableSchema(
          List.of(
              Column.of("id", "bigint", "bigint", false),
              Column.of("c", "varchar", "varchar(20)", true)),
          "PRIMARY",
          new int[] {0});

  /** Table 0 keyed by its column 0, table 1 not tracked. */
  private static OneInputStreamOperatorTestHarness<ChangeEvent, ChangeEvent> harness()
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new ChangesToApply(new TableSchema[] {SCHEMA, null}));
  }

  private static ChangeEvent upsert(long position, int table, long id) {
    return ChangeEvent.upsert(
            position, "", new byte[][] {ColumnValues.text(Long.toString(id)), null})
        .ofTable(table);
  }

  private static ChangeEvent delete(long position, long id) {
    return ChangeEvent.delete(
        position, "", new byte[][] {ColumnValues.text(Long.toString(id)), null});
  }

  private static ChangeEvent low(long position, long chunk, String lower, String upper) {
    return ChangeEvent.lowMark(position, "", RUN + "/" + chunk + "/a", lower, upper);
  }

  private static void feed(
      OneInputStreamOperatorTestHarness<ChangeEvent, ChangeEvent> h, ChangeEvent... events)
      throws Exception {
    for (ChangeEvent e : events) {
      h.processElement(e, e.position);
    }
  }

  @Test
  void aChangeToARowNoChunkHasReachedIsLeftToTheCopy() throws Exception {
    try (var h = harness()) {
      h.open();
      feed(h, upsert(1, 0, 50), delete(2, 50), ChangeEvent.marker(3, ""));
      feed(h, low(4, 0, CopyFrontier.OPEN, "100"));
      ChangeEvent reached = upsert(5, 0, 100);
      ChangeEvent beyond = upsert(6, 0, 101);
      ChangeEvent otherTable = upsert(7, 1, 5000);
      feed(h, reached, beyond, delete(8, 20), otherTable);
      feed(h, ChangeEvent.copyMark(9, "", ChangeEvent.COPY_HIGH, RUN + "/0/a"));
      feed(h, ChangeEvent.copyMark(10, "", ChangeEvent.COPY_DONE, Long.toString(RUN)));
      ChangeEvent afterDone = upsert(11, 0, 5000);
      feed(h, afterDone);
      assertThat(h.extractOutputValues())
          .as("before the first low mark no row is reached; marks stop here")
          .containsExactly(
              ChangeEvent.marker(3, ""), reached, delete(8, 20), otherTable, afterDone);
    }
  }

  @Test
  void theFrontierIsCheckpointedWithTheBinlogOffset() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      feed(h, low(1, 0, CopyFrontier.OPEN, "100"), low(2, 5, "500", "600"));
      snapshot = h.snapshot(1, 3);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      feed(h, upsert(3, 0, 50), upsert(4, 0, 300), upsert(5, 0, 550));
      assertThat(h.extractOutputValues()).containsExactly(upsert(3, 0, 50), upsert(5, 0, 550));
    }
  }

  @Test
  void aRunRestoredWithoutAFrontierAppliesEveryChange() throws Exception {
    try (var h = harness()) {
      // a checkpoint of a build whose filter kept no state
      h.initializeState(OperatorSubtaskState.builder().build());
      h.open();
      feed(h, upsert(1, 0, 50));
      assertThat(h.extractOutputValues()).containsExactly(upsert(1, 0, 50));
    }
  }

  @Test
  void aLowMarkWithoutItsChunksRangeReachesEverything() throws Exception {
    try (var h = harness()) {
      h.open();
      feed(h, ChangeEvent.copyMark(1, "", ChangeEvent.COPY_LOW, RUN + "/0/a"), upsert(2, 0, 50));
      assertThat(h.extractOutputValues()).containsExactly(upsert(2, 0, 50));
    }
  }

  @Test
  void anotherTablesMarksMoveOnlyItsOwnFrontier() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(
            new ChangesToApply(new TableSchema[] {SCHEMA, SCHEMA}))) {
      h.open();
      long chunkOfTable1 = (1L << CopySpec.TABLE_SHIFT) | 3;
      feed(h, low(1, chunkOfTable1, CopyFrontier.OPEN, "100"));
      feed(h, upsert(2, 0, 50), upsert(3, 1, 50));
      feed(h, ChangeEvent.copyMark(4, "", ChangeEvent.COPY_DONE, RUN + "/1"));
      feed(h, upsert(5, 0, 500), upsert(6, 1, 500));
      assertThat(h.extractOutputValues()).containsExactly(upsert(3, 1, 50), upsert(6, 1, 500));
    }
  }

  @Test
  void markEventsCarryTheirChunksRangeThroughTheirValues() {
    ChangeEvent e = low(1, 0, "5", "9");
    assertThat(e.copyMarkToken()).isEqualTo(RUN + "/0/a");
    assertThat(e.copyMarkBounds()).containsExactly("5", "9");
    assertThat(ChangeEvent.copyMark(1, "", ChangeEvent.COPY_LOW, "t").copyMarkBounds()).isNull();
    assertThat(List.of(e.kind)).containsExactly(ChangeEvent.COPY_LOW);
  }
}
