package io.ghostflink.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * Runs migration jobs in a Flink MiniCluster inside this JVM (the default way to run ghostflink),
 * with the settings of {@link JobGraphs#jobConfiguration}.
 */
public final class EmbeddedFlink implements JobCluster {
  private static final String TICK_PROPERTY = "pekko.scheduler.tick-duration";

  private final MiniCluster cluster;
  private final Configuration configuration;

  private EmbeddedFlink(MiniCluster cluster, Configuration configuration) {
    this.cluster = cluster;
    this.configuration = configuration;
  }

  /** Starts a MiniCluster whose checkpoints go to {@code stateDir/checkpoints}. */
  public static EmbeddedFlink start(Path stateDir, int slots) throws Exception {
    return start(stateDir.toAbsolutePath().toUri(), slots);
  }

  /** Starts a MiniCluster whose checkpoints and savepoints go under {@code root}. */
  public static EmbeddedFlink start(java.net.URI root, int slots) throws Exception {
    slowSchedulerTicks();
    Configuration conf = JobGraphs.jobConfiguration(root);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    // Flink's REST port 8081 if free, else the next free one: a second migration (or move) on the
    // same host failed to start its MiniCluster ("Could not create the
    // DispatcherResourceManagerComponent") while the first held 8081
    conf.set(org.apache.flink.configuration.RestOptions.BIND_PORT, "8081-8181");
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new EmbeddedFlink(cluster, conf);
  }

  /**
   * Pekko's schedulers (one for Flink's RPC, one for its metrics) wake every 10 ms whether or not a
   * timer is due: 200 wake-ups a second, 4% of the process's CPU at 200 writer tx/s
   * (docs/benchmarks.md, session 33). The MiniCluster's timers are heartbeats, timeouts and restart
   * delays of seconds or half a second (the checkpoints and the copy's coordinator have their own
   * threads), so ticks of 100 ms serve them as well. Flink passes Pekko no tick setting of its own,
   * and Pekko takes one from the system properties under Flink's; a value set on the command line
   * ({@code -Dpekko.scheduler.tick-duration=...}) is kept.
   */
  private static void slowSchedulerTicks() {
    if (System.getProperty(TICK_PROPERTY) == null) {
      System.setProperty(TICK_PROPERTY, "100ms");
    }
  }

  @Override
  public JobID submit(JobSpec spec, Duration checkpointInterval, String restorePath)
      throws Exception {
    JobGraph graph = JobGraphs.build(configuration, spec, checkpointInterval, restorePath);
    return cluster.submitJob(graph).get().getJobID();
  }

  @Override
  public JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get();
  }

  @Override
  public String stopWithSavepoint(JobID job) throws Exception {
    return cluster
        .stopWithSavepoint(
            job,
            configuration.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
            false,
            org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
        .get();
  }

  @Override
  public void cancel(JobID job) throws Exception {
    cluster.cancelJob(job).get();
  }

  @Override
  public JobResult result(JobID job) throws Exception {
    return cluster.requestJobResult(job).get();
  }

  @Override
  public List<JobID> running(String name) throws Exception {
    return JobGraphs.running(cluster.listJobs().get(), name);
  }

  @Override
  public List<String> finishedVertices(JobID job) throws Exception {
    List<String> finished = new java.util.ArrayList<>();
    for (var v : cluster.getExecutionGraph(job).get().getAllVertices().values()) {
      if (v.getAggregateState() == org.apache.flink.runtime.execution.ExecutionState.FINISHED) {
        finished.add(v.getName());
      }
    }
    return finished;
  }

  @Override
  public String describe() {
    return "the embedded Flink";
  }

  /** The MiniCluster itself, e.g. to stop and start its task manager. */
  public MiniCluster cluster() {
    return cluster;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
