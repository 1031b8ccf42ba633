package io.ghostflink.operators;

import org.apache.flink.metrics.MetricGroup;

/**
 * The job's own Flink metrics, under the group {@code ghostflink} of each operator: what a data
 * platform scrapes from the Flink web UI or a Flink metrics reporter (Prometheus: {@code
 * flink_taskmanager_job_task_operator_ghostflink_rowsCopied}, docs/deploy.md). Flink CDC's binlog
 * reader adds its own ({@code currentEmitEventTimeLag}, {@code sourceIdleTime}).
 */
public final class JobMetrics {
  /** Rows a copy reader inserted into the ghost table (counter, per reader). */
  public static final String ROWS_COPIED = "rowsCopied";

  /** Chunks a copy reader copied (counter). */
  public static final String CHUNKS_COPIED = "chunksCopied";

  /** How long the reader's last chunk took (gauge, ms). */
  public static final String LAST_CHUNK_MILLIS = "lastChunkMillis";

  /**
   * 1 while the controller throttles the copy or the target's redo log holds it, else 0 (gauge, on
   * the JobManager).
   */
  public static final String COPY_THROTTLED = "copyThrottled";

  /**
   * How many times new chunks were held for the target's redo log (gauge, on the JobManager): each
   * hold lasts until its checkpoint age is back under the ratio.
   */
  public static final String COPY_REDO_HOLDS = "copyRedoHolds";

  /**
   * How many times the copy's planner held new chunks because other sessions' writes took longer
   * than without the copy (and measured that baseline).
   */
  public static final String COPY_LATENCY_HOLDS = "copyLatencyHolds";

  /**
   * How many times the copy's planner held new chunks because this machine's CPUs, which MySQL runs
   * on, were busier than {@code --max-cpu-ratio} while other sessions wrote (gauge, on the
   * JobManager).
   */
  public static final String COPY_CPU_HOLDS = "copyCpuHolds";

  /**
   * The rest after each chunk the copy's planner learned from its holds, in multiples of the
   * chunk's time (gauge, on the JobManager; 0: not paced).
   */
  public static final String COPY_PACE_RATIO = "copyPaceRatio";

  /**
   * How many copy readers take new chunks now: all of them while no other session changes rows on
   * the server, {@code --parallelism} while one does (gauge, on the JobManager).
   */
  public static final String COPY_READERS = "copyReaders";

  /** Binlog changes a sink subtask applied to the ghost table (counter). */
  public static final String CHANGES_APPLIED = "changesApplied";

  /**
   * Binlog changes left out of the apply because they changed a row the copy had not reached yet:
   * its chunk reads them (counter, on the binlog source's chain; docs/architecture.md).
   */
  public static final String CHANGES_LEFT_TO_COPY = "changesLeftToCopy";

  /** How long the sink's last epoch took to commit (gauge, ms). */
  public static final String EPOCH_COMMIT_MILLIS = "epochCommitMillis";

  /** The binlog position the sink subtask has applied up to (gauge). */
  public static final String APPLIED_POSITION = "appliedPosition";

  private JobMetrics() {}

  public static MetricGroup group(MetricGroup operator) {
    return operator.addGroup("ghostflink");
  }
}
