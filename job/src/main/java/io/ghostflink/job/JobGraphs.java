package io.ghostflink.job;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** The job graph of one migration, as every {@link JobCluster} submits it. */
public final class JobGraphs {
  private JobGraphs() {}

  /**
   * The job's own settings, whichever cluster runs it: heap state for new runs (each job's spec
   * names its own, {@link JobSpec#stateBackend}), checkpoints and savepoints under {@code root} (a
   * directory the cluster's task managers and the controller both reach: a shared path, or a file
   * system URI such as s3://), three retained checkpoints, and restarts from the latest one when a
   * task fails.
   */
  public static Configuration jobConfiguration(URI root) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, JobSpec.STATE_BACKEND);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointsUri(root));
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, under(root, "savepoints"));
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    return conf;
  }

  /** {@link #jobConfiguration(URI)} under a local state directory. */
  public static Configuration jobConfiguration(Path stateDir) {
    return jobConfiguration(stateDir.toAbsolutePath().toUri());
  }

  /** Where the job's checkpoints go under {@code root}: one directory per job id below it. */
  public static String checkpointsUri(URI root) {
    return under(root, "checkpoints");
  }

  private static String under(URI root, String child) {
    String base = root.toString();
    return (base.endsWith("/") ? base : base + "/") + child;
  }

  /** The job's name on the cluster: the table and the run, so an operator can tell runs apart. */
  public static String name(JobSpec spec) {
    return "ghostflink " + spec.original() + " run " + spec.runId();
  }

  /**
   * Whether the binlog source is among {@code finishedVertices} ({@link
   * JobCluster#finishedVertices}): it never ends while the job runs, so the ghost table has stopped
   * following the original.
   */
  public static boolean binlogEnded(java.util.List<String> finishedVertices) {
    String source = "Source: " + MigrationJob.BINLOG_UID;
    return finishedVertices.stream().anyMatch(n -> n.equals(source) || n.startsWith(source + " "));
  }

  /** The jobs of {@code jobs} named {@code name} that have not ended. */
  static java.util.List<org.apache.flink.api.common.JobID> running(
      java.util.Collection<org.apache.flink.runtime.client.JobStatusMessage> jobs, String name) {
    return jobs.stream()
        .filter(j -> j.getJobName().equals(name) && !j.getJobState().isGloballyTerminalState())
        .map(org.apache.flink.runtime.client.JobStatusMessage::getJobId)
        .toList();
  }

  /**
   * The spec's state backend, checkpointing and parallelism on {@code env}, then the job itself:
   * what every way of running the job sets ({@link #build}, and {@link MigrationJobMain} on a
   * cluster's own environment).
   */
  static void configure(StreamExecutionEnvironment env, JobSpec spec, Duration interval) {
    Configuration backend = new Configuration();
    backend.set(StateBackendOptions.STATE_BACKEND, spec.stateBackend());
    env.configure(backend);
    env.enableCheckpointing(interval.toMillis());
    env.setParallelism(spec.parallelism());
    MigrationJob.build(env, spec);
  }

  /** The job graph of {@code spec} under {@code conf} (see {@link #jobConfiguration}). */
  public static JobGraph build(
      Configuration conf, JobSpec spec, Duration checkpointInterval, String restorePath) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.getCheckpointConfig()
        .setExternalizedCheckpointCleanup(
            CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
    configure(env, spec, checkpointInterval);
    StreamGraph stream = env.getStreamGraph();
    stream.setJobName(name(spec));
    JobGraph graph = stream.getJobGraph();
    if (restorePath != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restorePath, false));
    }
    return graph;
  }
}
