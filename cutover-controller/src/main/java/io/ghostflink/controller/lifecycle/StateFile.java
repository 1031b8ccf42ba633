package io.ghostflink.controller.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A one-line value the controller keeps in the state directory for a later {@code resume} or {@code
 * status}: the run's Flink job id, a pause's savepoint, the cluster the job ran on, the checkpoint
 * root.
 */
final class StateFile {
  private StateFile() {}

  /** The value in {@code stateDir/name}, stripped, if the file is there. */
  static Optional<String> read(Path stateDir, String name) throws IOException {
    Path file = stateDir.resolve(name);
    return Files.isRegularFile(file)
        ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
        : Optional.empty();
  }

  /** Writes {@code value} to {@code stateDir/name}, or deletes the file when it is null. */
  static void write(Path stateDir, String name, String value) throws IOException {
    Files.createDirectories(stateDir);
    Path file = stateDir.resolve(name);
    if (value == null) {
      Files.deleteIfExists(file);
    } else {
      Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    }
  }
}
