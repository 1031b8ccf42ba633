package io.ghostflink.job;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.jobmaster.JobResult;

/**
 * Where a migration job runs: the embedded MiniCluster ({@link EmbeddedFlink}, the default) or a
 * Flink session cluster reached over its REST API ({@link RemoteFlink}). Both run the same job
 * graph with the same state backend, checkpoints and restart strategy ({@link JobGraphs}).
 */
public interface JobCluster extends AutoCloseable {

  /**
   * Submits the job for {@code spec}, checkpointing every {@code checkpointInterval}; from {@code
   * restorePath} (a savepoint or retained checkpoint) when it is not null.
   */
  JobID submit(JobSpec spec, Duration checkpointInterval, String restorePath) throws Exception;

  JobStatus status(JobID job) throws Exception;

  /** Stops the job with a savepoint in the state directory's savepoints; returns its path. */
  String stopWithSavepoint(JobID job) throws Exception;

  void cancel(JobID job) throws Exception;

  /** How a job that reached a globally terminal state ended. */
  JobResult result(JobID job) throws Exception;

  /** The jobs named {@code name} that have not ended (see {@link JobGraphs#name}). */
  List<JobID> running(String name) throws Exception;

  /**
   * The names of the job's vertices that have FINISHED (e.g. {@code Source: binlog -> changes}).
   * The binlog source never ends while its job runs; when it does (Flink CDC's reader once did,
   * without an error, for a class missing from the job jar) the ghost table stops following.
   */
  List<String> finishedVertices(JobID job) throws Exception;

  /** Where this cluster is, for log lines: "embedded" or the REST address. */
  String describe();
}
