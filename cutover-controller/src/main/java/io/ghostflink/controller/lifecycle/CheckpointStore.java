package io.ghostflink.controller.lifecycle;

import io.ghostflink.job.JobGraphs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;

/**
 * Where a migration's job keeps its checkpoints and savepoints ({@code ROOT/checkpoints/JOB/chk-N},
 * {@code ROOT/savepoints}), read through Flink's own file systems: the state directory by default,
 * or the {@code --checkpoint-dir} URI a Flink cluster writes (file://, s3://, hdfs://; the
 * controller loads Flink's filesystem plugins from {@code $FLINK_PLUGINS_DIR} and their settings
 * from {@code $FLINK_CONF_DIR}, as a Flink client does). The root is recorded in the state
 * directory, so {@code resume} and {@code status} find it.
 */
public final class CheckpointStore {
  static final String ROOT_FILE = "checkpoint-dir";

  private static boolean initialized;

  private CheckpointStore() {}

  /** The recorded root of {@code stateDir}'s migration, or the state directory itself. */
  public static URI root(Path stateDir) throws IOException {
    return StateFile.read(stateDir, ROOT_FILE)
        .map(URI::create)
        .orElse(stateDir.toAbsolutePath().toUri());
  }

  /** Records {@code root} as {@code stateDir}'s (null: the state directory itself). */
  static void record(Path stateDir, URI root) throws IOException {
    StateFile.write(stateDir, ROOT_FILE, root == null ? null : root.toString());
  }

  /**
   * The newest completed checkpoint ({@code chk-N} holding {@code _metadata}) of the job {@code
   * jobId} under {@code root}, as the pointer a restore takes.
   */
  static Optional<String> newest(URI root, String jobId) throws IOException {
    org.apache.flink.core.fs.Path dir = checkpoints(root, jobId);
    FileSystem fs = fileSystem(dir);
    if (!fs.exists(dir)) {
      return Optional.empty();
    }
    FileStatus[] children = fs.listStatus(dir);
    String newest = null;
    long newestId = -1;
    for (FileStatus child : children == null ? new FileStatus[0] : children) {
      String name = child.getPath().getName();
      if (!name.startsWith("chk-") || !fs.exists(metadata(child.getPath()))) {
        continue;
      }
      long id = Long.parseLong(name.substring(4));
      if (id > newestId) {
        newestId = id;
        newest = child.getPath().toUri().toString();
      }
    }
    return Optional.ofNullable(newest);
  }

  /** When {@code pointer}'s metadata was written, in epoch milliseconds. */
  public static long written(String pointer) throws IOException {
    org.apache.flink.core.fs.Path metadata = metadata(new org.apache.flink.core.fs.Path(pointer));
    return fileSystem(metadata).getFileStatus(metadata).getModificationTime();
  }

  /** The id of the checkpoint or savepoint at {@code pointer}, from its metadata. */
  static long checkpointId(String pointer) throws IOException {
    org.apache.flink.core.fs.Path metadata = metadata(new org.apache.flink.core.fs.Path(pointer));
    try (java.io.DataInputStream in =
        new java.io.DataInputStream(fileSystem(metadata).open(metadata))) {
      return org.apache.flink.runtime.checkpoint.Checkpoints.loadCheckpointMetadata(
              in, CheckpointStore.class.getClassLoader(), pointer)
          .getCheckpointId();
    }
  }

  /** Deletes the retained checkpoints of the job {@code jobId} under {@code root}. */
  static void delete(URI root, String jobId) throws IOException {
    org.apache.flink.core.fs.Path dir = checkpoints(root, jobId);
    FileSystem fs = fileSystem(dir);
    if (fs.exists(dir)) {
      fs.delete(dir, true);
    }
  }

  /** A checkpoint's or savepoint's metadata file: it is complete once this exists. */
  private static org.apache.flink.core.fs.Path metadata(org.apache.flink.core.fs.Path checkpoint) {
    return new org.apache.flink.core.fs.Path(checkpoint, "_metadata");
  }

  private static org.apache.flink.core.fs.Path checkpoints(URI root, String jobId) {
    return new org.apache.flink.core.fs.Path(JobGraphs.checkpointsUri(root) + "/" + jobId);
  }

  private static synchronized FileSystem fileSystem(org.apache.flink.core.fs.Path path)
      throws IOException {
    if (!initialized) {
      // as a Flink client: the plugins (s3-fs-hadoop, …) and their settings (s3.access-key, …)
      String confDir = System.getenv("FLINK_CONF_DIR");
      Configuration conf =
          confDir == null ? new Configuration() : GlobalConfiguration.loadConfiguration(confDir);
      FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
      initialized = true;
    }
    try {
      return path.getFileSystem();
    } catch (IOException e) {
      throw new IOException(
          "cannot reach " + path + " (" + e.getMessage() + "); see docs/deploy.md, \"State\"", e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
