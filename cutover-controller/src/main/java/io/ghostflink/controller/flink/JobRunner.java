package io.ghostflink.controller.flink;

import io.ghostflink.job.EmbeddedFlink;
import io.ghostflink.job.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one migration job in an embedded Flink MiniCluster and reports how it is doing. */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final EmbeddedFlink flink;
  private final Path stateDir;
  private JobID job;

  private JobRunner(EmbeddedFlink flink, Path stateDir) {
    this.flink = flink;
    this.stateDir = stateDir;
  }

  public static JobRunner embedded(Path stateDir, int slots) throws Exception {
    return new JobRunner(EmbeddedFlink.start(stateDir, slots), stateDir);
  }

  /** Submits the job; from {@code savepoint} when it is not null. */
  public void submit(JobSpec spec, Duration checkpointInterval, String savepoint) throws Exception {
    job = flink.submit(spec, checkpointInterval, savepoint);
    LOG.info(
        "Flink job {} submitted (parallelism {}{})",
        job,
        spec.parallelism(),
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
      return Optional.empty();
    }
    JobResult result = flink.cluster().requestJobResult(job).get();
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
    if (job == null) {
      return;
    }
    try {
      if (!flink.status(job).isTerminalState()) {
        flink.cancel(job);
      }
      // wait for the end: a checkpoint still being written would race with deleting them
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!flink.status(job).isTerminalState() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("cancelling the Flink job: {}", e.getMessage());
    }
  }

  public EmbeddedFlink flink() {
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
