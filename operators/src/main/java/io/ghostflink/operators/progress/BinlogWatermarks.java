package io.ghostflink.operators.progress;

import io.ghostflink.operators.copy.CopySpec;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.sql.ChangelogSql;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks that say "every transaction that starts at or before W has been emitted". A record's
 * timestamp is its transaction's start; while the newest transaction may still have rows to come,
 * the watermark stays one below its start.
 *
 * <p>A changelog row that is not a copy mark (a heartbeat, the cut-over's sentinel) moves the
 * watermark at once; other records wait for the periodic emit.
 *
 * <p>A copy reader's low mark holds the watermark below itself until the chunk's high mark arrives,
 * so the sink applies no change written after a chunk's read began before that chunk's copy has
 * committed (docs/architecture.md, "Copy and binlog"). Holds are not checkpointed; a hold whose
 * reader is gone is dropped by the first of: a newer low mark of the same chunk (a retry, or the
 * chunk copied again after a restore), a mark of another run (a resumed migration: the runs never
 * overlap), and the run's "copy done" mark of the chunk's table (every chunk of it has its high
 * mark by then; in a move of several tables each table's copy ends on its own).
 */
public final class BinlogWatermarks implements WatermarkGenerator<ChangeEvent> {
  private long newestStart = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  /** The run of the newest copy mark; holds are of this run. */
  private long run = Long.MIN_VALUE;

  /** Open holds by chunk: the low mark's token and position. */
  private final Map<Long, Hold> holds = new HashMap<>();

  private record Hold(String token, long position) {}

  /** The strategy for the binlog source: timestamps from {@link ChangeEvent#position}. */
  public static WatermarkStrategy<ChangeEvent> strategy() {
    return WatermarkStrategy.<ChangeEvent>forGenerator(ctx -> new BinlogWatermarks())
        .withTimestampAssigner((event, ignored) -> event.position);
  }

  @Override
  public void onEvent(ChangeEvent event, long timestamp, WatermarkOutput output) {
    newestStart = Math.max(newestStart, event.position);
    if (event.kind == ChangeEvent.MARKER) {
      // a heartbeat or the cut-over's sentinel: the controller may be waiting for it, so the
      // watermark moves now rather than at the next periodic emit
      onPeriodicEmit(output);
      return;
    }
    if (event.kind < ChangeEvent.COPY_LOW) {
      return;
    }
    String token = event.copyMarkToken();
    long markRun = ChangelogSql.markRun(token);
    if (markRun != run) {
      holds.clear(); // another run's readers are gone
      run = markRun;
    }
    if (event.kind == ChangeEvent.COPY_DONE) {
      // every chunk of that table has its high mark; another table's copy may still run
      long table = ChangelogSql.doneTable(token);
      holds.keySet().removeIf(chunk -> chunk >>> CopySpec.TABLE_SHIFT == table);
      return;
    }
    long chunk = ChangelogSql.markChunk(token);
    if (event.kind == ChangeEvent.COPY_LOW) {
      holds.put(chunk, new Hold(token, event.position));
    } else {
      Hold hold = holds.get(chunk);
      if (hold != null && hold.token().equals(token)) {
        holds.remove(chunk); // a high mark closes only its own attempt's hold
      }
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newestStart == Long.MIN_VALUE) {
      return;
    }
    long w = newestStart - 1;
    for (Hold hold : holds.values()) {
      w = Math.min(w, hold.position() - 1);
    }
    if (w > emitted) {
      emitted = w;
      output.emitWatermark(new Watermark(w));
    }
  }
}
