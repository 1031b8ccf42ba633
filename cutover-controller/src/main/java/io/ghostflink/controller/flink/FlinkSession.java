package io.ghostflink.controller.flink;

import java.net.URI;
import java.nio.file.Path;

/**
 * A Flink session cluster that runs the migration job instead of the embedded MiniCluster
 * (docs/deploy.md).
 *
 * @param restUrl the JobManager's REST endpoint, {@code http://host:port}
 * @param jobJar the job jar submitted with the job ({@code ghostflink-job-VERSION-cluster.jar})
 */
public record FlinkSession(URI restUrl, Path jobJar) {
  /** The system property naming the built job jar; {@code bin/ghostflink} sets it. */
  public static final String JOB_JAR_PROPERTY = "ghostflink.job.jar";

  public FlinkSession {
    if (restUrl == null || !"http".equals(restUrl.getScheme()) || restUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "--flink-rest-url must be http://host:port of the JobManager's REST endpoint, not "
              + restUrl);
    }
    if (jobJar == null) {
      throw new IllegalArgumentException(
          "no job jar for the Flink cluster: give --flink-job-jar"
              + " (ghostflink-job-VERSION-cluster.jar, built by ./dev build)");
    }
  }
}
