package io.ghostflink.operators.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class BinlogWatermarksTest {
  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };
  private final BinlogWatermarks w = new BinlogWatermarks();

  private long emit() {
    w.onPeriodicEmit(output);
    return emitted.isEmpty() ? Long.MIN_VALUE : emitted.get(emitted.size() - 1);
  }

  private void see(ChangeEvent e) {
    w.onEvent(e, e.position, output);
  }

  private static ChangeEvent mark(long position, byte kind, String token) {
    return ChangeEvent.copyMark(position, "", kind, token);
  }

  @Test
  void theWatermarkStaysBelowTheNewestTransaction() {
    see(ChangeEvent.marker(100, ""));
    assertThat(emit()).isEqualTo(99);
    see(ChangeEvent.marker(200, ""));
    assertThat(emit()).isEqualTo(199);
  }

  @Test
  void aHeartbeatOrTheSentinelMovesTheWatermarkAtOnceARowChangeWaitsForThePeriodicEmit() {
    see(ChangeEvent.marker(100, ""));
    assertThat(emitted).as("emitted without a periodic call").containsExactly(99L);
    see(ChangeEvent.upsert(200, "", new byte[][] {{1}}));
    assertThat(emitted).containsExactly(99L);
    assertThat(emit()).isEqualTo(199);
    see(mark(300, ChangeEvent.COPY_LOW, "1/7/a"));
    see(ChangeEvent.marker(400, ""));
    assertThat(emitted).as("a marker respects the holds").containsExactly(99L, 199L, 299L);
  }

  @Test
  void aChunkBeingCopiedHoldsTheWatermarkBelowItsLowMarkUntilItsHighMark() {
    see(mark(100, ChangeEvent.COPY_LOW, "1/7/a"));
    see(ChangeEvent.marker(150, ""));
    see(ChangeEvent.marker(300, ""));
    assertThat(emit()).as("held below the low mark").isEqualTo(99);
    see(mark(310, ChangeEvent.COPY_HIGH, "1/7/other-attempt"));
    see(ChangeEvent.marker(320, ""));
    assertThat(emit()).as("another attempt's high mark does not release").isEqualTo(99);
    see(mark(330, ChangeEvent.COPY_HIGH, "1/7/a"));
    assertThat(emit()).isEqualTo(329);
  }

  @Test
  void aRetriedChunkReplacesItsOlderHoldAndOtherChunksHoldToo() {
    see(mark(100, ChangeEvent.COPY_LOW, "1/7/a"));
    see(mark(150, ChangeEvent.COPY_LOW, "1/8/b"));
    see(mark(200, ChangeEvent.COPY_LOW, "1/7/c")); // chunk 7 again, a new attempt
    see(ChangeEvent.marker(400, ""));
    assertThat(emit()).as("chunk 8's hold is now the lowest").isEqualTo(149);
    see(mark(410, ChangeEvent.COPY_HIGH, "1/8/b"));
    assertThat(emit()).isEqualTo(199);
    see(mark(420, ChangeEvent.COPY_HIGH, "1/7/c"));
    assertThat(emit()).isEqualTo(419);
  }

  @Test
  void aMarkOfAnotherRunDropsTheHoldsOfTheRunBefore() {
    // a killed run's reader wrote a low mark for a chunk the resumed run never copies again
    see(mark(100, ChangeEvent.COPY_LOW, "1/336/a"));
    see(ChangeEvent.marker(200, ""));
    assertThat(emit()).isEqualTo(99);
    see(mark(300, ChangeEvent.COPY_LOW, "2/40/b"));
    see(ChangeEvent.marker(400, ""));
    assertThat(emit()).as("only the new run's hold is left").isEqualTo(299);
    see(mark(410, ChangeEvent.COPY_HIGH, "2/40/b"));
    assertThat(emit()).isEqualTo(409);
  }

  @Test
  void theCopysEndDropsHoldsNoReaderWillClose() {
    see(mark(100, ChangeEvent.COPY_LOW, "1/9/a")); // its reader died, the chunk was not reissued
    see(mark(200, ChangeEvent.COPY_LOW, "1/5/b"));
    see(mark(250, ChangeEvent.COPY_HIGH, "1/5/b"));
    see(ChangeEvent.marker(300, ""));
    assertThat(emit()).isEqualTo(99);
    see(mark(310, ChangeEvent.COPY_DONE, "1"));
    assertThat(emit()).isEqualTo(309);
  }

  @Test
  void oneTablesEndOfCopyKeepsTheHoldsOfAnotherTablesChunks() {
    long secondTables = 1L << io.ghostflink.operators.copy.CopySpec.TABLE_SHIFT;
    see(mark(100, ChangeEvent.COPY_LOW, "1/9/a")); // the first table's chunk 9
    see(mark(200, ChangeEvent.COPY_LOW, "1/" + (secondTables | 9) + "/b")); // the second's
    see(ChangeEvent.marker(300, ""));
    assertThat(emit()).isEqualTo(99);
    see(mark(310, ChangeEvent.COPY_DONE, "1")); // the first table's copy ends
    assertThat(emit()).as("the second table's chunk still holds").isEqualTo(199);
    see(mark(320, ChangeEvent.COPY_DONE, "1/1")); // and the second's
    assertThat(emit()).isEqualTo(319);
  }
}
