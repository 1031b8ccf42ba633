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
 * passed: the controller's drain of a move waits for that set to contain its drain GTIDs. Subtask 0
 * decides where each epoch ends and names it in the progress table; the others end theirs there too
 * (see {@link #end}). Pending changes and their timers are keyed state, so a restore (also with
 * another parallelism) continues exactly where the checkpoint was.
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
   * The newest watermark received. Timers fire only up to the end of the epoch being committed, so
   * the changes past it stay pending keyed state (and in a checkpoint) until their epoch.
   */
  private transient long received;

  /**
   * Where the epoch after {@link #applied} ends: chosen by subtask 0 (the only one at parallelism
   * 1), read from the progress table by the others, {@link GhostTableWriter#NO_END} until known.
   * Every subtask ends each epoch at the same watermark: were one to write B as of W1 after another
   * wrote A as of W2, B's REPLACE could remove A's row by a unique value A held only after W1, and
   * nothing would write A again (docs/architecture.md, "Ordering across keys").
   */
  private transient long end;

  /**
   * Processing time (ms) before which subtask 0's next epoch waits: last commit's end plus its
   * length.
   */
  private transient long nextCommitAt;

  private transient boolean commitScheduled;

  /** How long the next look for the named end waits (ms), doubling to {@link #MAX_LOOK_MS}. */
  private transient long lookAfter;

  private transient boolean lookScheduled;

  private static final long MAX_LOOK_MS = 4;

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
    received = GhostTableWriter.NO_END;
    end = GhostTableWriter.NO_END;
    lookAfter = 1;
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
      endOfInput(); // not a binlog position: only what was received is committed
      return;
    }
    received = mark.getTimestamp();
    if (choosesEnds()) {
      choose();
    } else {
      follow();
    }
  }

  /** Subtask 0 chooses where epochs end; the others end theirs where it did. */
  private boolean choosesEnds() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
  }

  /**
   * Subtask 0: commits through the newest watermark at once when the previous commit ended at least
   * its own length ago, else when that much time has passed. When commits are slow, the watermarks
   * that arrive meanwhile join the next epoch: committing each one alone let a server whose commits
   * take longer than the watermark interval (a group-commit delay, semi-synchronous replication to
   * a distant replica, slow storage) fall behind without end.
   */
  private void choose() throws Exception {
    if (received <= applied) {
      return;
    }
    if (getProcessingTimeService().getCurrentProcessingTime() >= nextCommitAt) {
      commitChosen();
    } else if (!commitScheduled) {
      commitScheduled = true;
      getProcessingTimeService()
          .registerTimer(
              nextCommitAt,
              time -> {
                commitScheduled = false;
                commitChosen();
              });
    }
  }

  private void commitChosen() throws Exception {
    if (received <= applied) {
      return;
    }
    if (spec.parallelism() > 1) {
      // the others have committed the epoch before, and read the end named now
      writer.awaitAllApplied(applied);
      writer.nameEndOfEpochAfter(applied);
    }
    commitThrough(received);
    nextCommitAt =
        getProcessingTimeService().getCurrentProcessingTime()
            + Math.min(epochCommitMillis, MAX_COMMIT_SPACING_MS);
  }

  /**
   * The other subtasks: look for the end subtask 0 named for the next epoch (again shortly while it
   * is not named) and commit through it once its watermark has arrived.
   */
  private void follow() throws Exception {
    if (received <= applied) {
      return;
    }
    if (end == GhostTableWriter.NO_END) {
      end = writer.namedEnd(applied);
    }
    if (end == GhostTableWriter.NO_END) {
      if (!lookScheduled) {
        lookScheduled = true;
        long at = getProcessingTimeService().getCurrentProcessingTime() + lookAfter;
        lookAfter = Math.min(MAX_LOOK_MS, lookAfter * 2);
        getProcessingTimeService()
            .registerTimer(
                at,
                time -> {
                  lookScheduled = false;
                  follow();
                });
      }
      return;
    }
    if (received >= end) {
      commitThrough(end);
      lookAfter = 1;
      follow(); // the watermarks past it wait for the next end
    }
  }

  /** The input has ended: commits what was received, the other subtasks as subtask 0 does. */
  private void endOfInput() throws Exception {
    if (choosesEnds()) {
      commitChosen();
      return;
    }
    while (received > applied) {
      if (end == GhostTableWriter.NO_END) {
        end = writer.awaitNamedEnd(applied);
      }
      commitThrough(end);
    }
  }

  /**
   * Commits the epoch after {@link #applied} through {@code w}: the changes the timers hold to it.
   */
  private void commitThrough(long w) throws Exception {
    super.processWatermark(new Watermark(w)); // fires the timers at or below w into the epoch
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
    changesApplied.inc(epoch.size());
    epoch.clear();
    applied = w;
    end = GhostTableWriter.NO_END;
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
