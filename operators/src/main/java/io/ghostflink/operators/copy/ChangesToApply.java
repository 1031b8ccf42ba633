package io.ghostflink.operators.copy;

import io.ghostflink.operators.JobMetrics;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.ChangelogSql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the binlog source and the sink (parallelism 1, in binlog order): passes on what the sink
 * needs, the row changes and changelog markers, and leaves out a change to a row that no chunk's
 * low mark has covered yet ({@link CopyFrontier}): the chunk that holds the row reads it later, as
 * the change left it. The copy's marks themselves stop here; they have done their work in the
 * source's watermarks.
 *
 * <p>Each tracked table's frontier is checkpointed with the binlog offset it belongs to. A run
 * restored without it (a checkpoint of a build before this operator kept state) takes every key as
 * reached: it applies every change, as before.
 */
public final class ChangesToApply extends AbstractStreamOperator<ChangeEvent>
    implements OneInputStreamOperator<ChangeEvent, ChangeEvent> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ChangesToApply.class);

  /** The state entry that says a table's frontier follows ("3|"), before its ranges ("3|lo hi"). */
  private static final char SEPARATOR = '|';

  /**
   * Per job table: its schema where its changes may be left to the copy ({@link
   * CopyFrontier#tracks}), else null.
   */
  private final TableSchema[] tracked;

  private transient CopyFrontier[] frontiers;
  private transient long[] leftToCopy;
  private transient ListState<String> state;
  private transient Counter left;

  public ChangesToApply(TableSchema[] tracked) {
    this.tracked = tracked.clone();
    this.chainingStrategy = ChainingStrategy.ALWAYS;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    state =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("copy-frontier", String.class));
    frontiers = new CopyFrontier[tracked.length];
    leftToCopy = new long[tracked.length];
    // table -> its ranges; a table with an entry had a frontier in the restored checkpoint
    Map<Integer, List<String>> restored = new HashMap<>();
    if (context.isRestored()) {
      for (String entry : state.get()) {
        int sep = entry.indexOf(SEPARATOR);
        List<String> ranges =
            restored.computeIfAbsent(
                Integer.parseInt(entry.substring(0, sep)), t -> new ArrayList<>());
        if (sep + 1 < entry.length()) {
          ranges.add(entry.substring(sep + 1));
        }
      }
    }
    for (int i = 0; i < tracked.length; i++) {
      if (tracked[i] == null) {
        continue;
      }
      List<String> ranges = restored.get(i);
      if (context.isRestored() && ranges == null) {
        // restored from a run that applied every change: so does this one
        frontiers[i] = new CopyFrontier();
        frontiers[i].reachEverything();
      } else {
        frontiers[i] = CopyFrontier.of(ranges == null ? List.of() : ranges);
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    left = JobMetrics.group(getMetricGroup()).counter(JobMetrics.CHANGES_LEFT_TO_COPY);
  }

  @Override
  public void processElement(StreamRecord<ChangeEvent> record) {
    ChangeEvent e = record.getValue();
    if (e.kind <= ChangeEvent.DELETE) {
      CopyFrontier f = frontiers[e.table];
      if (f != null && !f.reached(tracked[e.table].keyOf(e.values))) {
        leftToCopy[e.table]++;
        left.inc();
        return;
      }
    } else if (e.kind == ChangeEvent.COPY_LOW) {
      CopyFrontier f =
          frontier((int) (ChangelogSql.markChunk(e.copyMarkToken()) >>> CopySpec.TABLE_SHIFT));
      if (f != null) {
        String[] bounds = e.copyMarkBounds();
        if (bounds == null) {
          f.reachEverything(); // a mark without its chunk's range: apply everything
        } else {
          f.add(bounds[0], bounds[1]);
        }
      }
    } else if (e.kind == ChangeEvent.COPY_DONE) {
      int table = ChangelogSql.doneTable(e.copyMarkToken());
      CopyFrontier f = frontier(table);
      if (f != null && !f.everything()) {
        f.reachEverything();
        LOG.info(
            "The copy of table {} is done: {} changes of rows it had not reached were left to it",
            table,
            leftToCopy[table]);
      }
    }
    if (e.reachesSink()) {
      output.collect(record);
    }
  }

  private CopyFrontier frontier(int table) {
    return table >= 0 && table < frontiers.length ? frontiers[table] : null;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < frontiers.length; i++) {
      if (frontiers[i] != null) {
        entries.add(i + String.valueOf(SEPARATOR));
        for (String range : frontiers[i].texts()) {
          entries.add(i + String.valueOf(SEPARATOR) + range);
        }
      }
    }
    state.update(entries);
  }
}
