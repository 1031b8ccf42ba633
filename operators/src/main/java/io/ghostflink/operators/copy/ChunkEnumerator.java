package io.ghostflink.operators.copy;

import io.ghostflink.operators.JobMetrics;
import io.ghostflink.operators.jdbc.MysqlErrors;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out chunks to copy readers on request, finding each chunk's end lazily along the key index,
 * so a table of any size is planned in constant memory. Each chunk's size comes from {@link
 * ChunkSizer}, fed by the readers' {@link ChunkTimed} reports. While the controller throttles the
 * copy, or the target's redo log is fuller than the spec's (or the operator's) ratio ({@link
 * CopyControls}, read every {@link #CONTROLS_EVERY_MS} ms), requests wait: a reader finishes the
 * chunk it has, and the binlog apply goes on. While other sessions change rows on the server, only
 * the first {@link CopySpec#busyReaders} readers take new chunks (the job's {@code --parallelism});
 * the rest copy only while nobody else writes ({@code --quiet-parallelism}).
 */
final class ChunkEnumerator implements SplitEnumerator<Chunk, ChunkCursor> {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkEnumerator.class);

  // often enough that the redo log gains little between two readings: a copy at full speed writes
  // about 40 MB of redo a second on the writers bench
  static final long CONTROLS_EVERY_MS = 50;
  // how long a chunk is assumed to take before one was timed
  private static final long FIRST_CHUNK_NANOS = 100_000_000L;

  private final SplitEnumeratorContext<Chunk> context;
  private final ChunkPlanner planner;
  private final ChunkSizer sizer;
  private final ChunkSizing flagSizing;
  private final CopyControls controls;
  private final Set<Integer> waiting = new LinkedHashSet<>();
  private String throttle = "";
  private final double flagRedoLimit;
  private final RedoHold redo = new RedoHold();
  private final OtherWriters others = new OtherWriters();
  private boolean overButAlone;
  // how often the redo log went over with nobody else writing: logged once, then at debug
  private int aloneOvers;
  // readers that take new chunks while others write (0: all); whether the others may now too
  private final int busyReaders;
  private volatile boolean wide; // read by the metrics' thread too
  private int widthChanges;
  private final double flagLatencyRatio;
  private final double flagNiceRatio;
  // the operator's nice ratio (the flag's, or set at runtime), and the one the readers were told:
  // the larger of it and the planner's own pace
  private double niceRatio;
  private double toldRatio;
  private final AutoPace autoPace = new AutoPace();
  private final LatencyHold latency = new LatencyHold();
  private final CpuHold cpu = new CpuHold();
  private boolean quietSizing;
  private long quietChanges;
  // under 1 while chunks aim at the quiet target: --chunk-time over it (at least 1 /
  // MAX_END_CHUNKS), the size of a lane's last chunks against a quiet chunk's
  private double endScale = 1;
  private static final int MAX_END_CHUNKS = 8;
  private final double flagCpuLimit;
  // why the planner holds by itself ("" for not), written into the changelog by the controls'
  // worker
  private volatile String hold = "";
  // the planner's own pace as the controller shows it ("" for none), written likewise
  private volatile String pacing = "";
  // the readers beyond --parallelism that copy while nobody else writes ("" for none), likewise
  private volatile String width = "";
  // "yes" while no other session changes rows on the server ("" otherwise), likewise: the
  // controller's commit-latency guard holds nothing then
  private volatile String alone = "";
  // read by the controls' worker thread: whether new chunks are still to be planned
  private volatile boolean planning;
  private long lastChunkNanos = FIRST_CHUNK_NANOS;
  private final Deque<Chunk> returned;
  private long nextId;
  // the key ranges chunks are planned along, each in key order (ChunkCursor.Lane)
  private final List<Lane> lanes = new java.util.ArrayList<>();
  // whether a fresh copy may still split the table into a lane per reader
  private boolean lanesToSplit;
  // the lane each reader plans its chunks in (not checkpointed: readers bind again after a restore)
  private final java.util.Map<Integer, Lane> laneOf = new java.util.HashMap<>();

  ChunkEnumerator(SplitEnumeratorContext<Chunk> context, CopySpec spec, ChunkCursor cursor) {
    this(context, spec, cursor, new ChunkPlanner(spec));
  }

  ChunkEnumerator(
      SplitEnumeratorContext<Chunk> context,
      CopySpec spec,
      ChunkCursor cursor,
      ChunkPlanner planner) {
    this.context = context;
    this.planner = planner;
    this.busyReaders = spec.busyReaders();
    this.sizer = new ChunkSizer(spec.sizing());
    this.flagSizing = spec.sizing();
    this.flagRedoLimit = spec.maxCheckpointAgeRatio();
    this.flagLatencyRatio = spec.maxLatencyRatio();
    this.flagNiceRatio = spec.niceRatio();
    this.flagCpuLimit = spec.maxCpuRatio();
    this.niceRatio = flagNiceRatio;
    this.toldRatio = flagNiceRatio;
    this.controls = new CopyControls(spec);
    this.returned = new ArrayDeque<>(cursor.returned());
    this.nextId = cursor.nextId();
    cursor.lanes().forEach(l -> lanes.add(new Lane(l.nextLower(), l.upper(), l.exhausted())));
    this.lanesToSplit = cursor.nextId() == 0 && cursor.returned().isEmpty() && lanes.size() == 1;
    this.planning = !exhausted();
    // 1 while the controller throttles the copy (no new chunk is handed out), else 0
    JobMetrics.group(context.metricGroup()).gauge(JobMetrics.COPY_THROTTLED, () -> held() ? 1 : 0);
    JobMetrics.group(context.metricGroup()).gauge(JobMetrics.COPY_REDO_HOLDS, redo::holds);
    JobMetrics.group(context.metricGroup()).gauge(JobMetrics.COPY_LATENCY_HOLDS, latency::holds);
    JobMetrics.group(context.metricGroup()).gauge(JobMetrics.COPY_PACE_RATIO, autoPace::ratio);
    JobMetrics.group(context.metricGroup()).gauge(JobMetrics.COPY_READERS, this::readers);
    JobMetrics.group(context.metricGroup()).gauge(JobMetrics.COPY_CPU_HOLDS, cpu::holds);
    if (controls.readsCpu() && flagCpuLimit > 0) {
      LOG.info(
          "Row copy: MySQL runs on this machine: no new chunk starts while other sessions write"
              + " and its CPUs are over {}% busy (--max-cpu-ratio; the copyCpuHolds metric counts"
              + " the holds)",
          Math.round(flagCpuLimit * 100));
    }
  }

  @Override
  public void start() {
    try {
      planner.open();
    } catch (SQLException e) {
      throw new IllegalStateException("copy planner cannot connect: " + e.getMessage(), e);
    }
    try {
      obey(
          controls.read(planning, hold, pacing, width, alone),
          null); // before the first chunk: throttles wait
    } catch (SQLException e) {
      obey(null, e);
    }
    context.callAsync(
        () -> controls.read(planning, hold, pacing, width, alone),
        this::obey,
        CONTROLS_EVERY_MS,
        CONTROLS_EVERY_MS);
  }

  // in the coordinator's thread, as every other method
  private void obey(CopyControls.Reading reading, Throwable error) {
    if (error != null) {
      if (!planning
          && error instanceof SQLException e
          && e.getErrorCode() == MysqlErrors.NO_SUCH_TABLE) {
        // every chunk was planned and the controller's cleanup dropped the changelog table while
        // this coordinator was still stopping: nothing is left to hold, and nothing went wrong
        LOG.debug(
            "Row copy: the changelog table is gone ({}): the migration ended", e.getMessage());
        return;
      }
      LOG.warn("Row copy: cannot read the throttle ({}); keeping the last", error.getMessage());
      return;
    }
    double nice = reading.niceRatio().orElse(flagNiceRatio);
    if (nice != niceRatio) {
      niceRatio = nice;
      LOG.info("Row copy: each reader rests {} × a chunk's time after each chunk", nice);
    }
    String was = throttle;
    throttle = reading.throttle();
    if (!throttle.equals(was)) {
      LOG.info(
          throttle.isEmpty()
              ? "Row copy: resumed"
              : "Row copy: holding back new chunks (" + throttle + ")");
    }
    double limit = reading.maxRedoFill().orElse(flagRedoLimit);
    long lookahead = lastChunkNanos + CONTROLS_EVERY_MS * 1_000_000;
    RedoGauge.Reading server = reading.server();
    // what other sessions do is read every few readings; between them the last decisions stand
    boolean othersWrite =
        server.othersRead()
            ? others.update(server.otherRowsChanged(), server.otherWriteAgeNanos(), reading.nanos())
            : others.writing();
    if (planning) { // once the last chunk is planned nothing is read: the last view stands
      alone = othersWrite ? "" : "yes";
    }
    ChunkSizing inForce = reading.chunking().orElse(flagSizing);
    ChunkSizing quiet = inForce.whileQuiet(flagSizing.quietTime());
    if (planning) { // once the last chunk is planned its size no longer matters
      sizeQuietly(others.silent(reading.nanos()), inForce, quiet);
    }
    sizer.use(quietSizing ? quiet : inForce);
    endScale =
        quietSizing && quiet != inForce
            ? Math.max(
                1.0 / MAX_END_CHUNKS,
                (double) inForce.targetTime().toNanos() / quiet.targetTime().toNanos())
            : 1;
    if (redo.update(server.fill(), othersWrite, limit, reading.nanos(), lookahead)
        && (redo.holds() == 1 || LOG.isDebugEnabled())) {
      LOG.info(
          "Row copy: holding back new chunks while the redo log, {}% full, is over or about to"
              + " pass {}% of its capacity (--max-checkpoint-age-ratio; past 83% InnoDB makes every"
              + " write wait for its flush); the copyRedoHolds metric counts the holds",
          Math.round(redo.fill() * 100), Math.round(limit * 100));
    }
    boolean alone = redo.over() && !othersWrite;
    if (alone && !overButAlone && (++aloneOvers == 1 || LOG.isDebugEnabled())) {
      LOG.info(
          "Row copy: the redo log, {}% full, is over or about to pass {}% of its capacity"
              + " (--max-checkpoint-age-ratio), but no other session changes rows on the server:"
              + " the copy goes on (it is held again as soon as one does)",
          Math.round(redo.fill() * 100), Math.round(limit * 100));
    }
    overButAlone = alone;
    if (planning) { // once the last chunk is planned, nothing is read (and nothing left to widen)
      widen(busyReaders > 0 && busyReaders < context.currentParallelism() && !othersWrite);
    }
    double cpuLimit = reading.maxCpuRatio().orElse(flagCpuLimit);
    if (cpu.update(reading.cpuBusy(), othersWrite, cpuLimit, reading.nanos())
        && (cpu.holds() == 1 || LOG.isDebugEnabled())) {
      LOG.info(
          "Row copy: holding back new chunks while this machine's CPUs, {}% busy, are over {}%"
              + " and other sessions write (--max-cpu-ratio; the copyCpuHolds metric counts the"
              + " holds)",
          Math.round(cpu.busy() * 100), Math.round(cpuLimit * 100));
    }
    double ratio = reading.maxLatencyRatio().orElse(flagLatencyRatio);
    boolean heldElsewhere = !throttle.isEmpty() || redo.held() || cpu.held();
    boolean latencyStarts =
        server.othersRead()
            && latency.update(
                server.otherStatements(),
                server.otherStatementPicos(),
                ratio,
                reading.nanos(),
                heldElsewhere);
    if (server.othersRead() && LOG.isTraceEnabled()) {
      LOG.trace(
          "Row copy: others' writes {} ms, baseline {} ms, held {}",
          latency.lastMeanMs(),
          latency.baselineMs(),
          held());
    }
    if (latencyStarts && (latency.holds() <= 2 || LOG.isDebugEnabled())) {
      LOG.info(
          "Row copy: holding back new chunks for {} s: {} (--max-commit-latency-ratio; the"
              + " copyLatencyHolds metric counts the holds)",
          LatencyHold.HOLD / 1_000_000_000L,
          latency.reason());
    }
    hold = holdReason(limit, cpuLimit);
    double paceWas = autoPace.ratio();
    if (planning
        && autoPace.update(latencyStarts && !latency.measuring(), held(), reading.nanos())) {
      logPace(paceWas);
      pacing =
          autoPace.ratio() == 0
              ? ""
              : String.format(
                  java.util.Locale.ROOT,
                  "each reader rests %.2f × a chunk's time after each chunk: other sessions'"
                      + " writes slowed (--max-commit-latency-ratio)",
                  autoPace.ratio());
    }
    double pace = Math.max(niceRatio, autoPace.ratio());
    if (pace != toldRatio) {
      toldRatio = pace;
      context.registeredReaders().keySet().forEach(this::pace);
    }
    if ((!held() || !returned.isEmpty()) && !waiting.isEmpty()) {
      List<Integer> release = List.copyOf(waiting);
      waiting.clear();
      // a reader that failed while it waited is no longer registered (Flink fails the whole job
      // when a chunk or the end is sent to it): its restarted attempt asks again
      release.stream()
          .filter(subtask -> context.registeredReaders().containsKey(subtask))
          .forEach(subtask -> handleSplitRequest(subtask, null));
    }
  }

  // the planner's own pace, when it starts or ends (each change while it paces: at debug)
  private void logPace(double was) {
    double r = autoPace.ratio();
    if (r == 0 || was == 0) {
      LOG.info(
          r == 0
              ? "Row copy: no longer paced: no hold for a while"
              : "Row copy: paced, other sessions' writes slowed: each reader rests {} × a"
                  + " chunk's time after each chunk, more after each further such hold, less while"
                  + " none comes (--max-commit-latency-ratio; the copyPaceRatio metric)",
          r);
    } else {
      LOG.debug("Row copy: paced at {} × a chunk's time", r);
    }
  }

  // while nobody else has changed a row for a while (OtherWriters.silent), adaptive chunks aim at
  // --quiet-chunk-time: nobody waits on the copy's commits then, and longer chunks spread each
  // chunk's marks and commit
  private void sizeQuietly(boolean now, ChunkSizing inForce, ChunkSizing quiet) {
    if (now == quietSizing) {
      return;
    }
    quietSizing = now;
    if (quiet == inForce) {
      return; // fixed chunks, or a target no shorter than the quiet one: nothing changes
    }
    quietChanges++;
    String line =
        now
            ? "Row copy: no other session has changed a row on the server for "
                + OtherWriters.SILENCE_NANOS / 1_000_000_000L
                + " s: chunks of about {} ms (--quiet-chunk-time)"
            : "Row copy: another session changed rows on the server: chunks of about {} ms"
                + " (--chunk-time)";
    long ms = (now ? quiet : inForce).targetTime().toMillis();
    if (quietChanges <= 2) {
      LOG.info(line, ms);
    } else {
      LOG.debug(line, ms);
    }
  }

  // the readers beyond the busy ones copy while nobody else writes, and stop taking chunks when
  // someone does (each finishes the chunk it has)
  private void widen(boolean now) {
    if (now == wide) {
      return;
    }
    wide = now;
    widthChanges++;
    width =
        now
            ? readers()
                + " readers: no other session changes rows on the server (--quiet-parallelism)"
            : "";
    String line =
        now
            ? "Row copy: no other session changes rows on the server: {} readers copy"
                + " (--quiet-parallelism; the copyReaders metric)"
            : "Row copy: other sessions change rows on the server: the copy narrows to"
                + " --parallelism {} (the readers beyond it finish the chunk they have)";
    if (widthChanges <= 2) {
      LOG.info(line, readers());
    } else {
      LOG.debug(line, readers());
    }
  }

  // how many readers take new chunks now
  private int readers() {
    return busyReaders == 0 || wide ? context.currentParallelism() : busyReaders;
  }

  @Override
  public void handleSplitRequest(int subtask, String host) {
    boolean narrowed = !wide && busyReaders > 0 && subtask >= busyReaders && !exhausted();
    if ((held() || narrowed) && returned.isEmpty()) {
      waiting.add(subtask);
      return;
    }
    // a chunk given back by a failed reader is copied again even while throttled: its low mark
    // may hold the binlog apply (the ghost's lag) until its high mark, and the lag throttle would
    // wait for that apply forever. A reader's loss restarts only the copy's region of the job,
    // the binlog reader keeps its hold: FlinkClusterIT met this deadlock on a cluster.
    Optional<Chunk> next = next(subtask);
    if (next.isPresent()) {
      context.assignSplit(next.get(), subtask);
    } else {
      context.signalNoMoreSplits(subtask);
    }
  }

  private Optional<Chunk> next(int subtask) {
    if (!returned.isEmpty()) {
      return Optional.of(returned.poll());
    }
    if (exhausted()) {
      return Optional.empty();
    }
    try {
      Lane lane = laneFor(subtask);
      int rows = sizer.size();
      Optional<byte[][]> upper = planner.nextUpperBound(lane.nextLower, lane.upper, rows);
      int ending = Math.max(sizer.sizing().minSize(), (int) (rows * endScale));
      if (upper.isEmpty() && ending < rows) {
        // the rest of the lane is shorter than a quiet chunk: it ends in chunks of --chunk-time
        // (at most MAX_END_CHUNKS of them), so that no reader waits a whole quiet chunk for
        // another's last one
        rows = ending;
        upper = planner.nextUpperBound(lane.nextLower, lane.upper, rows);
      }
      boolean last =
          upper.isEmpty()
              || (lane.upper != null && java.util.Arrays.deepEquals(upper.get(), lane.upper));
      Chunk chunk = new Chunk(nextId++, lane.nextLower, last ? lane.upper : upper.get());
      if (last) {
        lane.exhausted = true;
        lane.nextLower = lane.upper;
      } else {
        lane.nextLower = upper.get();
      }
      if (exhausted()) {
        planning = false; // a chunk given back later is copied at once: no redo reading needed
        LOG.info("Row copy: last chunk {} planned", chunk.id());
      } else {
        sizer.planned(chunk.id(), rows);
      }
      return Optional.of(chunk);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot plan the next copy chunk: " + e.getMessage(), e);
    }
  }

  /**
   * The lane a reader plans its next chunk in: its own while that has keys left; else one no other
   * reader plans in; else a new lane split off the second half of a busy one; else (no split
   * possible) a busy one, whose chunks the two readers then share. Readers that copy side by side
   * in chunks next to each other leave the ghost table's pages half full (each inserts in the
   * middle of the pages the other fills: 16% more pages with two readers on the bench's table, and
   * a slower copy; docs/benchmarks.md, session 18), so each reader keeps to a key range of its own.
   */
  private Lane laneFor(int subtask) throws SQLException {
    if (lanesToSplit) {
      lanesToSplit = false;
      splitIntoLanes(context.currentParallelism());
    }
    Lane own = laneOf.get(subtask);
    if (own != null && !own.exhausted) {
      return own;
    }
    java.util.Collection<Lane> taken = laneOf.values();
    Lane free =
        lanes.stream().filter(l -> !l.exhausted && !taken.contains(l)).findFirst().orElse(null);
    if (free == null) {
      for (Lane busy : lanes) {
        if (busy.exhausted) {
          continue;
        }
        Optional<byte[][]> split = planner.splitPoint(busy.nextLower, busy.upper);
        if (split.isPresent()) {
          free = new Lane(split.get(), busy.upper, false);
          busy.upper = split.get();
          lanes.add(lanes.indexOf(busy) + 1, free);
          LOG.debug("Row copy: reader {} starts a lane of its own at {}", subtask, split.get());
          break;
        }
      }
    }
    if (free == null) {
      free = lanes.stream().filter(l -> !l.exhausted).findFirst().orElseThrow();
    }
    laneOf.put(subtask, free);
    return free;
  }

  // whether every lane is planned to its end
  private boolean exhausted() {
    return lanes.stream().allMatch(l -> l.exhausted);
  }

  // a fresh copy: one lane per reader, where the key lets MySQL find where they begin
  private void splitIntoLanes(int readers) throws SQLException {
    List<byte[][]> starts = planner.laneStarts(readers);
    if (starts.isEmpty()) {
      return;
    }
    lanes.clear();
    byte[][] lower = null;
    for (byte[][] start : starts) {
      lanes.add(new Lane(lower, start, false));
      lower = start;
    }
    lanes.add(new Lane(lower, null, false));
    LOG.info("Row copy: {} lanes, one per reader, each copied in key order", lanes.size());
  }

  /** A lane being planned: {@link ChunkCursor.Lane}, mutable. */
  private static final class Lane {
    private byte[][] nextLower;
    private byte[][] upper;
    private boolean exhausted;

    Lane(byte[][] nextLower, byte[][] upper, boolean exhausted) {
      this.nextLower = nextLower;
      this.upper = upper;
      this.exhausted = exhausted;
    }

    ChunkCursor.Lane state() {
      return new ChunkCursor.Lane(nextLower, upper, exhausted);
    }
  }

  @Override
  public void handleSourceEvent(int subtask, SourceEvent event) {
    if (event instanceof ChunkTimed timed) {
      int before = sizer.size();
      sizer.copied(timed.id(), timed.nanos());
      lastChunkNanos = timed.nanos();
      if (sizer.size() != before) {
        LOG.debug(
            "Row copy: chunk {} took {} ms; next chunks {} rows",
            timed.id(),
            timed.nanos() / 1_000_000,
            sizer.size());
      }
    }
  }

  @Override
  public void addSplitsBack(List<Chunk> splits, int subtask) {
    returned.addAll(splits);
  }

  // whether no new chunk starts now: the controller's throttle, the redo log's, the latency or the
  // machine's CPU hold
  private boolean held() {
    return !throttle.isEmpty() || redo.held() || latency.held() || cpu.held();
  }

  // why the planner holds by itself, as the controller shows it
  private String holdReason(double redoLimit, double cpuLimit) {
    if (latency.held()) {
      return latency.reason();
    }
    if (redo.held()) {
      return String.format(
          java.util.Locale.ROOT,
          "redo log %.0f%% full > max-checkpoint-age-ratio %s (waiting for InnoDB's checkpoint)",
          redo.fill() * 100,
          redoLimit);
    }
    if (cpu.held()) {
      return String.format(
          java.util.Locale.ROOT,
          "this machine's CPUs %.0f%% busy > max-cpu-ratio %s (MySQL runs here, others write)",
          cpu.busy() * 100,
          cpuLimit);
    }
    return "";
  }

  /** How the next chunks are sized (tests read it here). */
  ChunkSizing sizing() {
    return sizer.sizing();
  }

  /** An operator's runtime nice ratio, if any (tests set it here; the job reads it). */
  void nice(java.util.OptionalDouble ratio) {
    read(
        new RedoGauge.Reading(Double.NaN),
        java.util.OptionalDouble.empty(),
        ratio,
        System.nanoTime());
  }

  /** The throttle as the controller last set it (tests set it here; the job reads it). */
  void throttle(String why) {
    obey(new CopyControls.Reading(why, Optional.empty()), null);
  }

  /** A reading of the controls that failed (tests drive it here). */
  void readingFailed(Throwable error) {
    obey(null, error);
  }

  /**
   * The target's redo log as read at {@code nanos}, with others' writes unknown (held as if they
   * wrote), and an operator's ratio (tests set it here).
   */
  void redo(double fill, java.util.OptionalDouble limit, long nanos) {
    redo(fill, -1, limit, nanos);
  }

  /**
   * The target's redo log, and the rows other sessions have changed there in all ({@code
   * otherRows}), as read at {@code nanos}; an operator's ratio (tests set them here).
   */
  void redo(double fill, long otherRows, java.util.OptionalDouble limit, long nanos) {
    read(
        new RedoGauge.Reading(fill, true, otherRows, -1, -1),
        limit,
        java.util.OptionalDouble.empty(),
        nanos);
  }

  /**
   * What other sessions' writes took, in all, as read at {@code nanos} (tests set it here); the
   * redo log is not known.
   */
  void latency(long statements, long picos, long nanos) {
    read(
        new RedoGauge.Reading(Double.NaN, true, -1, statements, picos),
        java.util.OptionalDouble.empty(),
        java.util.OptionalDouble.empty(),
        nanos);
  }

  // a reading of the server, not throttled, with the operator's redo and nice ratios, if any
  private void read(
      RedoGauge.Reading server,
      java.util.OptionalDouble redoLimit,
      java.util.OptionalDouble nice,
      long nanos) {
    read(server, redoLimit, nice, Double.NaN, nanos);
  }

  /**
   * This machine's CPU as read at {@code nanos} ({@code busy}, a share of all cores' time), and the
   * rows other sessions have changed on the target in all ({@code otherRows}; tests set them here).
   */
  void cpu(double busy, long otherRows, long nanos) {
    read(
        new RedoGauge.Reading(Double.NaN, true, otherRows, -1, -1),
        java.util.OptionalDouble.empty(),
        java.util.OptionalDouble.empty(),
        busy,
        nanos);
  }

  /**
   * The rows other sessions have changed on the target in all ({@code otherRows}) and the age of
   * the newest change in their statement history ({@code newestWriteAge}), as read at {@code nanos}
   * (tests set them here).
   */
  void others(long otherRows, long newestWriteAge, long nanos) {
    read(
        new RedoGauge.Reading(Double.NaN, true, otherRows, -1, -1, newestWriteAge),
        java.util.OptionalDouble.empty(),
        java.util.OptionalDouble.empty(),
        nanos);
  }

  private void read(
      RedoGauge.Reading server,
      java.util.OptionalDouble redoLimit,
      java.util.OptionalDouble nice,
      double cpuBusy,
      long nanos) {
    obey(
        new CopyControls.Reading(
            "",
            Optional.empty(),
            server,
            redoLimit,
            java.util.OptionalDouble.empty(),
            nice,
            java.util.OptionalDouble.empty(),
            cpuBusy,
            nanos),
        null);
  }

  @Override
  public void addReader(int subtask) {
    // readers ask for chunks themselves; they start with the flag's nice ratio
    if (toldRatio != flagNiceRatio) {
      pace(subtask);
    }
  }

  // tells a reader the nice ratio in force
  private void pace(int subtask) {
    context.sendEventToSourceReader(subtask, new CopyPace(toldRatio));
  }

  @Override
  public ChunkCursor snapshotState(long checkpointId) {
    return new ChunkCursor(nextId, lanes.stream().map(Lane::state).toList(), List.copyOf(returned));
  }

  @Override
  public void close() {
    planner.close();
    controls.close();
  }
}
