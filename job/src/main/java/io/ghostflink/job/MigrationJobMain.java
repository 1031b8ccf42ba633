package io.ghostflink.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry point for submitting a migration job to a Flink cluster ({@code flink run -c
 * io.ghostflink.job.MigrationJobMain ghostflink-job.jar --spec spec.bin}): the same job the
 * embedded runner builds, from a job spec the controller wrote with {@link #writeSpec}.
 */
public final class MigrationJobMain {
  private MigrationJobMain() {}

  public static void main(String[] args) throws Exception {
    Path spec = null;
    Duration checkpointInterval = Duration.ofSeconds(10);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--spec" -> spec = Path.of(args[i + 1]);
        case "--checkpoint-interval-ms" ->
            checkpointInterval = Duration.ofMillis(Long.parseLong(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (spec == null) {
      throw new IllegalArgumentException(
          "usage: MigrationJobMain --spec <file> [--checkpoint-interval-ms <ms>]");
    }
    JobSpec jobSpec = readSpec(spec);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobGraphs.configure(env, jobSpec, checkpointInterval);
    env.execute("ghostflink " + jobSpec.original());
  }

  /** Writes {@code spec} for {@link #main}; it holds the MySQL password: keep the file private. */
  public static void writeSpec(JobSpec spec, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(spec);
    }
  }

  public static JobSpec readSpec(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        ObjectInputStream objects = new ObjectInputStream(in)) {
      return (JobSpec) objects.readObject();
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException(file + " is not a ghostflink job spec of this version", e);
    }
  }
}
