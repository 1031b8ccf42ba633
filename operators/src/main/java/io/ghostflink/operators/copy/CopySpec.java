package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.io.Serializable;

/**
 * What the copy copies: the original table (and its changelog, where the copy writes its marks) on
 * {@code source} into the ghost table on {@code target}, in chunks along the key sized by {@code
 * sizing}; {@code ghostKey} says which duplicate-key conflicts are expected, and rows a risky
 * unique key keeps out go to {@code recheck}; the marks carry {@code runId}. {@link
 * CopyMode#SERVER} needs {@code source} and {@code target} to be one server. The marks are written
 * on {@code primary}: the source itself, or the primary a replica {@code source} replicates (the
 * copy then waits for each low mark to reach the replica before it reads the chunk there). {@code
 * table} is the table's index among the job's tables (0 but in a move of several tables). No new
 * chunk starts while the target's checkpoint age is over {@code maxCheckpointAgeRatio} of its redo
 * log's capacity (0: never held; {@link RedoGauge}), nor while other sessions' writes there take
 * over {@code maxLatencyRatio} times what they took without the copy (0: never held; {@link
 * LatencyHold}). After each chunk, its reader waits {@code niceRatio} times the chunk's time before
 * it starts another (gh-ost's {@code --nice-ratio}; 0: at once). While other sessions change rows
 * on the target, only the first {@code busyReaders} readers take new chunks; the others wait until
 * nobody else writes ({@link OtherWriters}; 0: every reader copies, always). Where the target is on
 * this machine (a loopback address), no new chunk starts while other sessions write there and the
 * machine's CPUs are busier than {@code maxCpuRatio} of their time ({@link MachineCpu}; 0: never
 * held).
 */
public record CopySpec(
    ServerAddress primary,
    ServerAddress source,
    ServerAddress target,
    TableRef original,
    TableRef ghost,
    TableRef changelog,
    TableSchema schema,
    ColumnMapping mapping,
    GhostKey ghostKey,
    TableRef recheck,
    ChunkSizing sizing,
    long runId,
    CopyMode mode,
    CopyHook hook,
    int table,
    double maxCheckpointAgeRatio,
    double maxLatencyRatio,
    double niceRatio,
    int busyReaders,
    double maxCpuRatio)
    implements Serializable {

  /** The most {@code --nice-ratio} allows, as gh-ost: 100 ms of rest for each ms of copy. */
  public static final double MAX_NICE_RATIO = 100;

  /** Whether {@code ratio} is a nice ratio: from 0 to {@link #MAX_NICE_RATIO}. */
  public static boolean isNiceRatio(double ratio) {
    return ratio >= 0 && ratio <= MAX_NICE_RATIO;
  }

  /** A nice ratio as {@code ghostflink set} wrote it; empty: not one (nothing set). */
  public static java.util.OptionalDouble niceRatio(String value) {
    return CopyControls.number(value, CopySpec::isNiceRatio);
  }

  /** Whether {@code ratio} is a {@code --max-cpu-ratio}: a share from 0 (off) to 1. */
  public static boolean isCpuRatio(double ratio) {
    return ratio >= 0 && ratio <= 1;
  }

  /** A CPU ratio as {@code ghostflink set} wrote it; empty: not one (nothing set). */
  public static java.util.OptionalDouble cpuRatio(String value) {
    return CopyControls.number(value, CopySpec::isCpuRatio);
  }

  public CopySpec {
    if (!isNiceRatio(niceRatio)) {
      throw new IllegalArgumentException("--nice-ratio must be from 0 to 100");
    }
    if (busyReaders < 0) {
      throw new IllegalArgumentException("the readers while others write must be 0 or more");
    }
    if (!isCpuRatio(maxCpuRatio)) {
      throw new IllegalArgumentException("--max-cpu-ratio must be from 0 to 1");
    }
  }

  /** The copy of a job's only (or first) table. */
  public CopySpec(
      ServerAddress primary,
      ServerAddress source,
      ServerAddress target,
      TableRef original,
      TableRef ghost,
      TableRef changelog,
      TableSchema schema,
      ColumnMapping mapping,
      GhostKey ghostKey,
      TableRef recheck,
      ChunkSizing sizing,
      long runId,
      CopyMode mode,
      CopyHook hook) {
    this(
        primary, source, target, original, ghost, changelog, schema, mapping, ghostKey, recheck,
        sizing, runId, mode, hook, 0, 0, 0, 0, 0, 0);
  }

  /**
   * How many bits of a mark's chunk number name the job's table (a move of several tables): chunk c
   * of table i is marked as {@code (i << TABLE_SHIFT) | c}, so the holds of the tables' chunks
   * never meet.
   */
  public static final int TABLE_SHIFT = 40;

  /** The chunk number a mark of this table's chunk {@code chunk} carries. */
  public long markedChunk(long chunk) {
    return ((long) table << TABLE_SHIFT) | chunk;
  }
}
