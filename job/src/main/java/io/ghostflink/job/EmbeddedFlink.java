package io.ghostflink.job;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs migration jobs in a Flink MiniCluster inside this JVM (the default way to run ghostflink):
 * RocksDB state, retained checkpoints under the state directory, restarts from the latest
 * checkpoint when a task fails.
 */
public final class EmbeddedFlink implements AutoCloseable {
  private final MiniCluster cluster;
  private final Configuration configuration;

  private EmbeddedFlink(MiniCluster cluster, Configuration configuration) {
    this.cluster = cluster;
    this.configuration = configuration;
  }

  /** Starts a MiniCluster whose checkpoints go to {@code stateDir/checkpoints}. */
  public static EmbeddedFlink start(Path stateDir, int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        stateDir.resolve("checkpoints").toUri().toString());
    conf.set(
        CheckpointingOptions.SAVEPOINT_DIRECTORY,
        stateDir.resolve("savepoints").toUri().toString());
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
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
   * Submits the job for {@code spec}, checkpointing every {@code checkpointInterval}; from {@code
   * restorePath} (a savepoint or retained checkpoint) when it is not null.
   */
  public JobID submit(JobSpec spec, Duration checkpointInterval, String restorePath)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    env.enableCheckpointing(checkpointInterval.toMillis());
    env.getCheckpointConfig()
        .setExternalizedCheckpointCleanup(
            CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
    env.setParallelism(spec.parallelism());
    MigrationJob.build(env, spec);
    JobGraph graph = env.getStreamGraph().getJobGraph();
    if (restorePath != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restorePath, false));
    }
    return cluster.submitJob(graph).get().getJobID();
  }

  public JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get();
  }

  /** Stops the job with a savepoint in the state directory's savepoints; returns its path. */
  public String stopWithSavepoint(JobID job) throws Exception {
    return cluster
        .stopWithSavepoint(
            job,
            configuration.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
            false,
            org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
        .get();
  }

  public void cancel(JobID job) throws Exception {
    cluster.cancelJob(job).get();
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
