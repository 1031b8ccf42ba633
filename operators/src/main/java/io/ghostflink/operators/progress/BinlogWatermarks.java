package io.ghostflink.operators.progress;

import io.ghostflink.operators.model.ChangeEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks that say "every transaction that starts at or before W has been emitted". A record's
 * timestamp is its transaction's start; while the newest transaction may still have rows to come,
 * the watermark stays one below its start.
 */
public final class BinlogWatermarks implements WatermarkGenerator<ChangeEvent> {
  private long newestStart = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  /** The strategy for the binlog source: timestamps from {@link ChangeEvent#position}. */
  public static WatermarkStrategy<ChangeEvent> strategy() {
    return WatermarkStrategy.<ChangeEvent>forGenerator(ctx -> new BinlogWatermarks())
        .withTimestampAssigner((event, ignored) -> event.position);
  }

  @Override
  public void onEvent(ChangeEvent event, long timestamp, WatermarkOutput output) {
    newestStart = Math.max(newestStart, event.position);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newestStart == Long.MIN_VALUE) {
      return;
    }
    long w = newestStart - 1;
    if (w > emitted) {
      emitted = w;
      output.emitWatermark(new Watermark(w));
    }
  }
}
