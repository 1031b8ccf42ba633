package io.ghostflink.controller.flink;

import io.ghostflink.operators.jdbc.PasswordSource;
import java.net.URI;
import java.nio.file.Path;

/**
 * A Flink session cluster that runs the migration job instead of the embedded MiniCluster
 * (docs/deploy.md).
 *
 * @param restUrl the JobManager's REST endpoint, {@code http://host:port}
 * @param jobJar the job jar submitted with the job ({@code ghostflink-job-VERSION-cluster.jar})
 * @param passwordFrom where the job reads the source's MySQL password on the cluster ({@code
 *     env:NAME} or {@code file:PATH}, {@link PasswordSource})
 * @param targetPasswordFrom the same for a move's target
 * @param checkpointDir where the job's checkpoints and savepoints go, a URI the cluster and the
 *     controller both reach (s3://, hdfs://, file://); null: the state directory
 */
public record FlinkSession(
    URI restUrl, Path jobJar, String passwordFrom, String targetPasswordFrom, URI checkpointDir) {
  /** Where the job reads the source's password unless told: an environment variable. */
  public static final String DEFAULT_PASSWORD_FROM = "env:GHOSTFLINK_MYSQL_PASSWORD";

  /** Where the job reads a move's target password unless told. */
  public static final String DEFAULT_TARGET_PASSWORD_FROM = "env:GHOSTFLINK_TARGET_MYSQL_PASSWORD";

  /** The system property naming the built job jar; {@code bin/ghostflink} sets it. */
  public static final String JOB_JAR_PROPERTY = "ghostflink.job.jar";

  public FlinkSession {
    io.ghostflink.job.RemoteFlink.checkRestUrl(restUrl);
    if (jobJar == null) {
      throw new IllegalArgumentException(
          "no job jar for the Flink cluster: give --flink-job-jar"
              + " (ghostflink-job-VERSION-cluster.jar, built by ./dev build)");
    }
    PasswordSource.check("--flink-password-from", passwordFrom);
    PasswordSource.check("--flink-target-password-from", targetPasswordFrom);
    if (checkpointDir != null
        && (checkpointDir.getScheme() == null || !checkpointDir.isAbsolute())) {
      throw new IllegalArgumentException(
          "--checkpoint-dir must be an absolute URI with a scheme (s3://bucket/path,"
              + " hdfs://nn/path, file:///shared/path), not "
              + checkpointDir);
    }
  }

  /** The cluster with the default places for the passwords, checkpoints in the state dir. */
  public FlinkSession(URI restUrl, Path jobJar) {
    this(restUrl, jobJar, DEFAULT_PASSWORD_FROM, DEFAULT_TARGET_PASSWORD_FROM, null);
  }
}
