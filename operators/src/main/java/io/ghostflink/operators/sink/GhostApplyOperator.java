package io.ghostflink.operators.sink;

import io.ghostflink.operators.JobMetrics;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.model.ChangeEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The ghost-table sink, keyed by row key: holds each key's changes by transaction position until
 * the watermark passes them, then writes the last state of every key as of that watermark in one
 * epoch transaction ({@link GhostTableWriter}). The subtask that receives the changelog's markers
 * also records, in the same transaction, the GTID set completed before the newest marker the epoch
 * passed: the controller's drain of a move waits for that set to contain its drain GTIDs. Pending
 * changes and their timers are keyed state, so a restore (also with another parallelism) continues
 * exactly where the checkpoint was.
 */
public class GhostApplyOperator extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<ChangeEvent, Void>, Triggerable<String, VoidNamespace> {
  private transient org.apache.flink.metrics.Counter changesApplied;
  private transient volatile long epochCommitMillis;

  private static final long serialVersionUID = 1L;

  private final GhostSinkSpec spec;

  /** One spec per table the job writes (a move of several tables); the first is {@link #spec}. */
  private final List<GhostSinkSpec> specs;

  private transient MapState<Long, ChangeEvent> pending;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient ListState<Long> appliedState;

  /** The last table's writer: it publishes the applied point, after the other tables' rows. */
  private transient GhostTableWriter writer;

  /** One writer per table, {@link #writer} last. */
  private transient List<GhostTableWriter> writers;

  private transient Map<String, ChangeEvent> epoch;
  private transient long applied;

  /**
   * The newest watermark whose epoch is not committed yet, or {@link #NONE}. When commits are slow,
   * the watermarks that arrive while one is written join the next epoch: committing each one alone
   * let a server whose commits take longer than the watermark interval (a group-commit delay,
   * semi-synchronous replication to a distant replica, slow storage) fall behind without end.
   */
  private transient long deferred;

  /** Processing time (ms) before which a new epoch waits: the last commit's end plus its length. */
  private transient long nextCommitAt;

  private transient boolean flushScheduled;

  private static final long NONE = Long.MIN_VALUE;

  /**
   * The longest an epoch waits after the previous commit: a commit that waited long for a lock does
   * not hold the next one as long.
   */
  public static final long MAX_COMMIT_SPACING_MS = 250;

  /**
   * Changelog markers not yet passed by the watermark, oldest first (only the subtask that {@link
   * RowKeys#MARKER_KEY} maps to receives any). Not checkpointed: after a restore the binlog replays
   * the markers past the checkpoint, and until one is applied the recorded GTID set stays older,
   * which only makes the controller wait longer.
   */
  private transient java.util.ArrayDeque<ChangeEvent> markers;

  public GhostApplyOperator(GhostSinkSpec spec) {
    this(List.of(spec));
  }

  /**
   * The sink of a job that writes several tables (a move of several tables): one writer each, all
   * sharing the first's progress table.
   */
  public GhostApplyOperator(List<GhostSinkSpec> specs) {
    this.spec = specs.get(0);
    this.specs = List.copyOf(specs);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    appliedState =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("ghost-applied", Long.class));
    applied = spec.startPosition() - 1;
    if (context.isRestored()) {
      // Every subtask restores the same union: take the lowest point any subtask had committed.
      long lowest = Long.MAX_VALUE;
      for (Long w : appliedState.get()) {
        lowest = Math.min(lowest, w);
      }
      if (lowest != Long.MAX_VALUE) {
        applied = lowest;
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "ghost-pending",
                    TypeInformation.of(Long.class),
                    TypeInformation.of(ChangeEvent.class)));
    timers = getInternalTimerService("ghost-epochs", VoidNamespaceSerializer.INSTANCE, this);
    epoch = new LinkedHashMap<>();
    deferred = NONE;
    markers = new java.util.ArrayDeque<>();
    writers = new java.util.ArrayList<>();
    for (GhostSinkSpec s : specs) {
      GhostTableWriter w =
          new GhostTableWriter(
              s,
              getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
              getRuntimeContext().getTaskInfo().getAttemptNumber());
      w.open();
      writers.add(w);
    }
    writer = writers.get(writers.size() - 1);
    org.apache.flink.metrics.MetricGroup metrics = JobMetrics.group(getMetricGroup());
    changesApplied = metrics.counter(JobMetrics.CHANGES_APPLIED);
    metrics.gauge(JobMetrics.EPOCH_COMMIT_MILLIS, () -> epochCommitMillis);
    metrics.gauge(JobMetrics.APPLIED_POSITION, () -> applied);
    // seed 003: after a restore the ghost table may hold changes past the checkpoint that the
    // replay will rewrite; publish the restored point before writing anything.
    writer.recordApplied(applied);
  }

  @Override
  public void processElement(StreamRecord<ChangeEvent> element) throws Exception {
    ChangeEvent change = element.getValue();
    if (change.kind == ChangeEvent.MARKER) {
      markers.addLast(change); // records reach the sink before any watermark past them
      return;
    }
    boolean first = !pending.contains(change.position);
    pending.put(change.position, change); // within one transaction the last change wins
    if (first) {
      timers.registerEventTimeTimer(VoidNamespace.INSTANCE, change.position);
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    ChangeEvent change = pending.get(timer.getTimestamp());
    if (change != null) {
      pending.remove(timer.getTimestamp());
      epoch.put(timer.getKey(), change); // timers fire in position order: the last one wins
    }
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (mark.getTimestamp() == Long.MAX_VALUE) {
      // end of input, not a binlog position: only what waits is committed
      commitDeferred();
      return;
    }
    super.processWatermark(mark); // fires the timers at or below the watermark into the epoch
    deferred = mark.getTimestamp();
    long now = getProcessingTimeService().getCurrentProcessingTime();
    if (now >= nextCommitAt) {
      commitDeferred();
    } else if (!flushScheduled) {
      flushScheduled = true;
      getProcessingTimeService()
          .registerTimer(
              nextCommitAt,
              time -> {
                flushScheduled = false;
                commitDeferred();
              });
    }
  }

  /**
   * Commits the epoch up to the newest watermark seen, if it is not committed yet: at once when the
   * previous commit ended at least its own length ago, else when that much time has passed.
   */
  private void commitDeferred() throws Exception {
    if (deferred == NONE) {
      return;
    }
    long w = deferred;
    if (spec.parallelism() > 1) {
      writer.awaitAllApplied(applied);
    }
    ChangeEvent passed = null;
    while (!markers.isEmpty()
        && GhostTableWriter.GtidMark.coveredBy(markers.peekFirst().position, w)) {
      passed = markers.pollFirst();
    }
    GhostTableWriter.GtidMark gtids =
        passed == null || passed.gtidsBefore().isEmpty()
            ? null
            : new GhostTableWriter.GtidMark(passed.position, passed.gtidsBefore());
    long started = System.nanoTime();
    try {
      if (writers.size() == 1) {
        writer.apply(epoch.values(), w, gtids);
      } else {
        applyPerTable(w, gtids);
      }
    } catch (RowRefusedException e) {
      // the same row comes back after any restart: fail the job at once, naming it
      throw new SuppressRestartsException(e);
    }
    epochCommitMillis = (System.nanoTime() - started) / 1_000_000;
    nextCommitAt =
        getProcessingTimeService().getCurrentProcessingTime()
            + Math.min(epochCommitMillis, MAX_COMMIT_SPACING_MS);
    changesApplied.inc(epoch.size());
    epoch.clear();
    applied = w;
    deferred = NONE;
  }

  /**
   * Several tables: each one's changes in its own transaction, the last table's with the applied
   * point. A failure between them is replayed from the checkpoint, and rewriting rows is
   * idempotent; the applied point is never published before every table's rows (seed 003).
   */
  private void applyPerTable(long w, GhostTableWriter.GtidMark gtids) throws Exception {
    List<List<ChangeEvent>> byTable = new java.util.ArrayList<>();
    for (int i = 0; i < writers.size(); i++) {
      byTable.add(new java.util.ArrayList<>());
    }
    for (ChangeEvent change : epoch.values()) {
      byTable.get(change.table).add(change);
    }
    int others = 0;
    for (int i = 0; i < writers.size() - 1; i++) {
      if (!byTable.get(i).isEmpty()) {
        writers.get(i).applyRowsOnly(byTable.get(i), w);
        others += byTable.get(i).size();
      }
    }
    writer.apply(byTable.get(writers.size() - 1), w, gtids, others, true);
  }

  /**
   * A checkpoint covers every change the sink received before its barrier, so an epoch still
   * waiting for its commit is committed first: its changes are no longer pending state.
   */
  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    commitDeferred();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    appliedState.update(List.of(applied));
    // where a restore from this checkpoint needs the binlog from, for resume's purge check; without
    // the row a resume falls back to the run's start, which is only more cautious
    try {
      writer.recordCheckpoint(context.getCheckpointId(), applied);
    } catch (java.sql.SQLException e) {
      LOG.warn(
          "checkpoint {} not recorded in the progress table: {}", context.getCheckpointId(), e);
    }
  }

  @Override
  public void close() throws Exception {
    if (writers != null) {
      writers.forEach(GhostTableWriter::close);
    }
    super.close();
  }
}
