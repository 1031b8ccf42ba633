package io.ghostflink.job;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;

/**
 * Runs migration jobs on a Flink session cluster through its REST API (Flink's own {@link
 * RestClusterClient}): the job graph is built here, as for the embedded cluster, and submitted with
 * the job jar ({@code ghostflink-job-VERSION-cluster.jar}), which the cluster's task managers load
 * the job's classes from. Checkpoints and savepoints go under a root both the cluster and the
 * controller reach (docs/deploy.md).
 */
public final class RemoteFlink implements JobCluster {
  /** How long one REST call may take before the cluster counts as unreachable. */
  private static final long CALL_TIMEOUT_SECONDS = 60;

  private final RestClusterClient<StandaloneClusterId> client;
  private final Configuration jobConfiguration;
  private final Path jobJar;
  private final String address;

  private RemoteFlink(
      RestClusterClient<StandaloneClusterId> client,
      Configuration jobConfiguration,
      Path jobJar,
      String address) {
    this.client = client;
    this.jobConfiguration = jobConfiguration;
    this.jobJar = jobJar;
    this.address = address;
  }

  /**
   * A client of the cluster at {@code restUrl} ({@code http://host:port}) that submits {@code
   * jobJar} with every job, its checkpoints and savepoints under {@code root}.
   *
   * @throws IllegalArgumentException a URL or jar that cannot work, in one line
   */
  public static RemoteFlink connect(URI restUrl, Path jobJar, URI root) throws Exception {
    checkRestUrl(restUrl);
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException(
          "the job jar "
              + jobJar
              + " does not exist; build it with ./dev build or give --flink-job-jar");
    }
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, restUrl.getHost());
    conf.set(RestOptions.PORT, restUrl.getPort() < 0 ? 8081 : restUrl.getPort());
    RestClusterClient<StandaloneClusterId> client =
        new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
    return new RemoteFlink(
        client,
        JobGraphs.jobConfiguration(root),
        jobJar,
        restUrl.getHost() + ":" + conf.get(RestOptions.PORT));
  }

  /**
   * @throws IllegalArgumentException {@code restUrl} is not {@code http://host[:port]}
   */
  public static URI checkRestUrl(URI restUrl) {
    if (restUrl == null || !"http".equals(restUrl.getScheme()) || restUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "--flink-rest-url must be http://host:port of the JobManager's REST endpoint, not "
              + restUrl);
    }
    return restUrl;
  }

  @Override
  public JobID submit(JobSpec spec, Duration checkpointInterval, String restorePath)
      throws Exception {
    JobGraph graph = JobGraphs.build(jobConfiguration, spec, checkpointInterval, restorePath);
    graph.addJar(new org.apache.flink.core.fs.Path(jobJar.toUri()));
    return client.submitJob(graph).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public JobStatus status(JobID job) throws Exception {
    return client.getJobStatus(job).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public String stopWithSavepoint(JobID job) throws Exception {
    return client
        .stopWithSavepoint(
            job,
            false,
            jobConfiguration.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
            SavepointFormatType.CANONICAL)
        .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void cancel(JobID job) throws Exception {
    client.cancel(job).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public JobResult result(JobID job) throws Exception {
    return client.requestJobResult(job).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public List<JobID> running(String name) throws Exception {
    return JobGraphs.running(client.listJobs().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), name);
  }

  @Override
  public List<String> finishedVertices(JobID job) throws Exception {
    return client
        .getJobDetails(job)
        .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .getJobVertexInfos()
        .stream()
        .filter(
            v ->
                v.getExecutionState() == org.apache.flink.runtime.execution.ExecutionState.FINISHED)
        .map(v -> v.getName())
        .toList();
  }

  @Override
  public String describe() {
    return "the Flink cluster at " + address;
  }

  @Override
  public void close() {
    client.close();
  }
}
