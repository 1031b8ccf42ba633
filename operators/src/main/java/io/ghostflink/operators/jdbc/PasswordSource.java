package io.ghostflink.operators.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a job on a Flink cluster reads a MySQL password, so the password itself is in neither the
 * job graph nor the job spec on disk: {@code env:NAME} (an environment variable of the task
 * manager) or {@code file:/path} (a file on the task manager's host, e.g. a mounted Kubernetes
 * secret; its first line).
 */
public final class PasswordSource {
  private PasswordSource() {}

  /**
   * @throws IllegalArgumentException {@code from} is neither {@code env:NAME} nor {@code file:PATH}
   */
  public static String check(String flag, String from) {
    if (from == null
        || !(from.startsWith("env:") || from.startsWith("file:"))
        || from.indexOf(':') == from.length() - 1) {
      throw new IllegalArgumentException(
          flag
              + " must be env:NAME (an environment variable of the Flink task managers) or"
              + " file:PATH (a file on their hosts), not "
              + from);
    }
    return from;
  }

  /**
   * The password {@code from} names, read here (on the task manager).
   *
   * @throws IllegalStateException it is not there, saying where it was looked for
   */
  public static String resolve(String from, ServerAddress server) {
    String where = from.substring(from.indexOf(':') + 1);
    if (from.startsWith("env:")) {
      String value = System.getenv(where);
      if (value == null) {
        throw new IllegalStateException(
            "the MySQL password of "
                + server
                + " is to come from environment variable "
                + where
                + ", which is not set on this Flink task manager; set it there (docs/deploy.md)");
      }
      return value;
    }
    try {
      String text = Files.readString(Path.of(where), StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      return (end < 0 ? text : text.substring(0, end)).stripTrailing();
    } catch (IOException e) {
      throw new IllegalStateException(
          "the MySQL password of "
              + server
              + " is to come from "
              + where
              + ", which this Flink task manager cannot read ("
              + e.getMessage()
              + "); mount it there (docs/deploy.md)");
    }
  }
}
