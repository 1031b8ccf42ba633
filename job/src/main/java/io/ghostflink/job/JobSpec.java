package io.ghostflink.job;

import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.copy.CopySpec;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sink.GhostSinkSpec;
import java.io.Serializable;
import java.util.List;

/**
 * Everything one migration job needs, decided by the controller: where the original table and its
 * binlog live (source), where the ghost table is written (target; the same server for an ALTER),
 * the schemas, and the tuning. Serializable, so the same job can be submitted to a cluster.
 *
 * @param primary the server the changelog is written on (heartbeats, the copy's marks): the source
 *     itself, or the primary of a replica {@code source}
 * @param source the server the job reads the original's rows and the binlog from
 * @param target the server holding the ghost and progress tables
 * @param original the table being migrated; its changelog, progress and recheck names derive from
 *     it
 * @param ghost the table the job writes: {@code _t_gho} beside the original for an ALTER, the table
 *     of the same name on the target for a move; the progress and recheck tables live in its
 *     database
 * @param schema the original table's columns and key
 * @param mapping which original column fills each ghost column
 * @param ghostKey how a row is found in the ghost table, and what its unique keys mean
 * @param start where the binlog is read from: taken before the first chunk is copied
 * @param runId identifies this run of the job in the progress table
 * @param parallelism copy readers and sink subtasks
 * @param chunking how many rows each copy chunk takes
 * @param copyRows whether the job copies the rows (false: the binlog only)
 * @param serverIdBase the first of the replication server ids the binlog reader uses
 * @param copyMode how the rows are copied
 * @param copyHook called by a stream copy between a chunk's read and its write (tests only)
 * @param more the other tables a move carries with the first, in the same binlog reader, epochs and
 *     cut-over (empty for an ALTER)
 * @param maxCheckpointAgeRatio no new chunk starts while the target's InnoDB checkpoint age is over
 *     this fraction of its redo log's capacity (0: never held)
 * @param maxLatencyRatio no new chunk starts while other sessions' writes on the target take over
 *     this many times what they took without the copy (0: never held)
 * @param niceRatio after each chunk, its reader rests this many times the chunk's time (gh-ost's
 *     {@code --nice-ratio}; 0: never)
 * @param quietParallelism copy readers while no other session changes rows on the server, where the
 *     copy narrows to {@code parallelism} readers while one does; at most {@code parallelism} (0
 *     too) means always {@code parallelism}, and a move always copies with {@code parallelism} (its
 *     planner sees the target, not the source its writers write to)
 * @param maxCpuRatio where the target is on the machine of the job's coordinator (a loopback
 *     address), no new chunk starts while other sessions write there and the machine's CPUs are
 *     busier than this share of their time (0: never held)
 * @param stateBackend where the job keeps its keyed state: {@link #STATE_BACKEND} for a new run; a
 *     resumed run keeps the one its checkpoints were written with (a checkpoint of one backend does
 *     not restore into the other). A spec written before this choice existed reads back without it,
 *     and those runs kept theirs in {@code "rocksdb"}.
 * @param binlogZone the Java time zone of the source's clock ({@code
 *     io.ghostflink.operators.jdbc.ServerZones#javaZone}), which Flink CDC checks the server's
 *     offset against whenever its reader starts; a spec written before it existed reads back
 *     without it, and those runs read in UTC
 */
public record JobSpec(
    ServerAddress primary,
    ServerAddress source,
    ServerAddress target,
    TableRef original,
    TableRef ghost,
    TableSchema schema,
    ColumnMapping mapping,
    GhostKey ghostKey,
    BinlogPosition start,
    long runId,
    int parallelism,
    ChunkSizing chunking,
    boolean copyRows,
    int serverIdBase,
    CopyMode copyMode,
    CopyHook copyHook,
    List<MovedTable> more,
    double maxCheckpointAgeRatio,
    double maxLatencyRatio,
    double niceRatio,
    int quietParallelism,
    double maxCpuRatio,
    String stateBackend,
    String binlogZone)
    implements Serializable {

  /**
   * The state backend of a new run: Flink's heap state. The job's keyed state is the sink's pending
   * changes of one watermark interval and the changes held below an open copy mark, a few MB at
   * most, and on the heap the apply does not serialize each change in and out of RocksDB
   * (docs/benchmarks.md, session 33).
   */
  public static final String STATE_BACKEND = "hashmap";

  /** The state backend of runs begun before {@link #stateBackend} was recorded. */
  static final String EARLIER_STATE_BACKEND = "rocksdb";

  /** A job of one table. */
  public JobSpec(
      ServerAddress primary,
      ServerAddress source,
      ServerAddress target,
      TableRef original,
      TableRef ghost,
      TableSchema schema,
      ColumnMapping mapping,
      GhostKey ghostKey,
      BinlogPosition start,
      long runId,
      int parallelism,
      ChunkSizing chunking,
      boolean copyRows,
      int serverIdBase,
      CopyMode copyMode,
      CopyHook copyHook) {
    this(
        primary,
        source,
        target,
        original,
        ghost,
        schema,
        mapping,
        ghostKey,
        start,
        runId,
        parallelism,
        chunking,
        copyRows,
        serverIdBase,
        copyMode,
        copyHook,
        List.of(),
        0,
        0,
        0,
        0,
        0,
        STATE_BACKEND,
        "UTC");
  }

  /** Every table of the job, the first one first. */
  public List<MovedTable> tables() {
    List<MovedTable> all = new java.util.ArrayList<>();
    all.add(new MovedTable(original, ghost, schema, mapping, ghostKey));
    all.addAll(more);
    return all;
  }

  public JobSpec {
    more = more == null ? List.of() : List.copyOf(more);
    stateBackend = stateBackend == null ? EARLIER_STATE_BACKEND : stateBackend;
    binlogZone = binlogZone == null ? "UTC" : binlogZone;
    if (!stateBackend.equals(STATE_BACKEND) && !stateBackend.equals(EARLIER_STATE_BACKEND)) {
      throw new IllegalArgumentException("the state backend must be hashmap or rocksdb");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    if (!io.ghostflink.operators.copy.RedoGauge.isRatio(maxCheckpointAgeRatio)) {
      throw new IllegalArgumentException("the checkpoint age ratio must be from 0 to under 1");
    }
    if (!io.ghostflink.operators.copy.CopySpec.isNiceRatio(niceRatio)) {
      throw new IllegalArgumentException("the nice ratio must be from 0 to 100");
    }
    if (!io.ghostflink.operators.copy.CopySpec.isCpuRatio(maxCpuRatio)) {
      throw new IllegalArgumentException("the CPU ratio must be from 0 to 1");
    }
    if (!io.ghostflink.operators.copy.LatencyHold.isRatio(maxLatencyRatio)) {
      throw new IllegalArgumentException("the latency ratio must be over 1, or 0");
    }
    if (quietParallelism < 0) {
      throw new IllegalArgumentException("the quiet parallelism must be 0 or more");
    }
    if (ghostKey == null) {
      throw new IllegalArgumentException("the ghost key is not planned");
    }
    if (copyMode == CopyMode.SERVER && !source.sameServer(target)) {
      throw new IllegalArgumentException(
          "a server-side copy needs the ghost table on the same server");
    }
  }

  /** "Applied through W" per sink subtask, the copy's progress and the GTID sets, on the target. */
  public TableRef progress() {
    return original.progress().in(ghost.database());
  }

  /** Rows a risky unique key kept out of the ghost table, on the target. */
  public TableRef recheck() {
    return original.recheck().in(ghost.database());
  }

  /** Whether the job moves the table to another server (else it writes a ghost beside it). */
  public boolean isMove() {
    return !primary.sameServer(target);
  }

  /** Whether the job reads a replica of the primary the changelog is written on. */
  public boolean readsReplica() {
    return !primary.sameServer(source);
  }

  /** The sink of each table, the first one first; they share the first's progress table. */
  List<GhostSinkSpec> sinks() {
    List<GhostSinkSpec> sinks = new java.util.ArrayList<>();
    for (MovedTable t : tables()) {
      sinks.add(
          new GhostSinkSpec(
              target,
              t.ghost(),
              progress(),
              t.schema(),
              t.mapping(),
              t.ghostKey(),
              t.original().recheck().in(t.ghost().database()),
              runId,
              parallelism,
              start.encoded()));
    }
    return sinks;
  }

  /** The first table's sink. */
  GhostSinkSpec sink() {
    return sinks().get(0);
  }

  /** The copy of the job's table {@code i}; every table's marks go into the first's changelog. */
  CopySpec copy(int i) {
    MovedTable t = tables().get(i);
    return new CopySpec(
        primary,
        source,
        target,
        t.original(),
        t.ghost(),
        original.changelog(),
        t.schema(),
        t.mapping(),
        t.ghostKey(),
        t.original().recheck().in(t.ghost().database()),
        chunking,
        runId,
        copyMode,
        copyHook,
        i,
        maxCheckpointAgeRatio,
        maxLatencyRatio,
        niceRatio,
        copyReaders() > parallelism ? parallelism : 0,
        maxCpuRatio);
  }

  /**
   * The copy's readers: {@code quietParallelism} where it is more than {@code parallelism} and the
   * job changes a table in place (the extra readers copy only while no other session writes), else
   * {@code parallelism}.
   */
  public int copyReaders() {
    return copyReaders(isMove(), parallelism, quietParallelism);
  }

  /**
   * {@link #copyReaders()} of a job with these settings, before its spec is made: also the task
   * slots the job needs (its widest operator's subtasks, never fewer than {@code parallelism}).
   */
  public static int copyReaders(boolean move, int parallelism, int quietParallelism) {
    return move ? parallelism : Math.max(parallelism, quietParallelism);
  }

  /**
   * This spec without a password in it, for a Flink cluster: the job reads the source's (and its
   * primary's) where {@code sourceFrom} says, and a move's target's where {@code targetFrom} says
   * ({@link io.ghostflink.operators.jdbc.PasswordSource}).
   */
  public JobSpec withPasswordsFrom(String sourceFrom, String targetFrom) {
    return new JobSpec(
        primary.withPasswordFrom(sourceFrom),
        source.withPasswordFrom(sourceFrom),
        target.withPasswordFrom(target.sameServer(primary) ? sourceFrom : targetFrom),
        original,
        ghost,
        schema,
        mapping,
        ghostKey,
        start,
        runId,
        parallelism,
        chunking,
        copyRows,
        serverIdBase,
        copyMode,
        copyHook,
        more,
        maxCheckpointAgeRatio,
        maxLatencyRatio,
        niceRatio,
        quietParallelism,
        maxCpuRatio,
        stateBackend,
        binlogZone);
  }
}
