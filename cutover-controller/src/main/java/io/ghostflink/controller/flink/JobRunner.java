package io.ghostflink.controller.flink;

import io.ghostflink.job.EmbeddedFlink;
import io.ghostflink.job.JobCluster;
import io.ghostflink.job.JobGraphs;
import io.ghostflink.job.JobSpec;
import io.ghostflink.job.RemoteFlink;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration job, in the embedded Flink MiniCluster or on a Flink session cluster, and
 * reports how it is doing.
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final JobCluster flink;
  private JobID job;
  private long lastVertexCheck = System.nanoTime();

  private static final long VERTEX_CHECK_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private JobRunner(JobCluster flink) {
    this.flink = flink;
  }

  /** A runner on an embedded MiniCluster, checkpoints and savepoints under {@code root}. */
  public static JobRunner embedded(java.net.URI root, int slots) throws Exception {
    return new JobRunner(EmbeddedFlink.start(root, slots));
  }

  /** A runner on the session cluster {@code session} names, checkpoints under {@code root}. */
  public static JobRunner remote(FlinkSession session, java.net.URI root) throws Exception {
    return new JobRunner(RemoteFlink.connect(session.restUrl(), session.jobJar(), root));
  }

  /** On {@code session}'s cluster, or embedded when it is null. */
  public static JobRunner start(FlinkSession session, java.net.URI root, int slots)
      throws Exception {
    return session == null ? embedded(root, slots) : remote(session, root);
  }

  /**
   * Cancels every job of {@code spec}'s run that still runs on the cluster, and waits for their
   * end: a controller that was killed leaves its job running on a session cluster, and a resumed
   * run must never run beside it (it restores from that job's latest retained checkpoint instead).
   *
   * @return how many jobs were cancelled
   */
  public int cancelLeftovers(JobSpec spec, String recordedJob) throws Exception {
    java.util.Set<JobID> left = new java.util.LinkedHashSet<>(flink.running(JobGraphs.name(spec)));
    if (recordedJob != null && !recordedJob.isBlank()) {
      JobID recorded = JobID.fromHexString(recordedJob.strip());
      try {
        if (!flink.status(recorded).isGloballyTerminalState()) {
          left.add(recorded);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // unknown to this cluster: ended long ago, or ran embedded
      }
    }
    for (JobID j : left) {
      LOG.info("cancelling Flink job {} of the stopped run on {}", j, flink.describe());
      cancelAndWait(j);
    }
    return left.size();
  }

  /** Submits the job; from {@code savepoint} when it is not null. */
  public void submit(JobSpec spec, Duration checkpointInterval, String savepoint) throws Exception {
    job = flink.submit(spec, checkpointInterval, savepoint);
    LOG.info(
        "Flink job {} submitted to {} (parallelism {}{}{})",
        job,
        flink.describe(),
        spec.parallelism(),
        spec.copyReaders() > spec.parallelism()
            ? ", " + spec.copyReaders() + " copy readers while nobody else writes"
            : "",
        savepoint == null ? "" : ", from " + savepoint);
  }

  /**
   * Stops the job with a savepoint and returns its path. Retried while the job's tasks are still
   * being deployed (a savepoint needs them all running).
   */
  public String stopWithSavepoint() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        String path = flink.stopWithSavepoint(job);
        LOG.info("Flink job {} stopped with savepoint {}", job, path);
        return path;
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline || flink.status(job).isGloballyTerminalState()) {
          throw e;
        }
        LOG.info("savepoint not taken yet ({}); retrying", e.getCause().getMessage());
        Thread.sleep(200);
      }
    }
  }

  /**
   * Why the job ended, when it ended on its own (failed after its restarts, or finished); empty
   * while it runs.
   */
  public Optional<String> ended() throws Exception {
    JobStatus status = flink.status(job);
    if (!status.isGloballyTerminalState()) {
      return status == JobStatus.RUNNING ? binlogEnded() : Optional.empty();
    }
    JobResult result = flink.result(job);
    if (result.getSerializedThrowable().isEmpty()) {
      return Optional.of("the Flink job ended: " + status.name().toLowerCase());
    }
    Throwable cause =
        result.getSerializedThrowable().get().deserializeError(JobRunner.class.getClassLoader());
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return Optional.of("the Flink job " + status.name().toLowerCase() + ": " + cause.getMessage());
  }

  /**
   * The job runs but its binlog reader has ended (checked every 5 s): the migration would wait for
   * a lag that never falls. Flink CDC's reader once ended so, without an error, when the job jar
   * lacked a class it needed.
   */
  private Optional<String> binlogEnded() throws Exception {
    long now = System.nanoTime();
    if (now - lastVertexCheck < VERTEX_CHECK_EVERY_NANOS) {
      return Optional.empty();
    }
    lastVertexCheck = now;
    return JobGraphs.binlogEnded(flink.finishedVertices(job))
        ? Optional.of(
            "the Flink job's binlog reader ended while the job runs, so the ghost table no longer"
                + " follows the original; see the log of the task manager that ran it")
        : Optional.empty();
  }

  /**
   * Like {@link #ended()}, but gives a job that may be failing up to {@code settle} to reach its
   * end: a task's failure takes a moment to become the job's.
   */
  public Optional<String> ended(Duration settle) throws Exception {
    long deadline = System.nanoTime() + settle.toNanos();
    while (true) {
      Optional<String> ended = ended();
      if (ended.isPresent() || System.nanoTime() > deadline) {
        return ended;
      }
      Thread.sleep(50);
    }
  }

  /** Cancels the job if it still runs. */
  public void cancel() {
    if (job != null) {
      cancelAndWait(job);
    }
  }

  private void cancelAndWait(JobID j) {
    try {
      if (!flink.status(j).isTerminalState()) {
        flink.cancel(j);
      }
      // wait for the end: a checkpoint still being written would race with deleting them
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!flink.status(j).isTerminalState() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("cancelling the Flink job: {}", e.getMessage());
    }
  }

  /** Where the job runs: {@link EmbeddedFlink} (whose MiniCluster tests reach) or remote. */
  public JobCluster flink() {
    return flink;
  }

  public JobID job() {
    return job;
  }

  @Override
  public void close() throws Exception {
    cancel();
    flink.close();
  }
}
