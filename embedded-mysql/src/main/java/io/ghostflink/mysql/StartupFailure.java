package io.ghostflink.mysql;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what a failed {@code mysqld} printed into one line saying what to install or change. */
final class StartupFailure {
  private static final Pattern MISSING_LIBRARY =
      Pattern.compile("error while loading shared libraries: ([^:\\s]+)");
  private static final Pattern ERROR_LINE =
      Pattern.compile("\\[ERROR\\] \\[[^]]+\\] \\[[^]]+\\] (.*)");
  private static final Map<String, String> DEBIAN_PACKAGES =
      Map.of("libaio.so.1", "libaio1", "libnuma.so.1", "libnuma1");

  private StartupFailure() {}

  /**
   * @param what what was being done, e.g. "start" or "initialise the data directory of"
   * @param output the process's own stdout and stderr (the dynamic loader writes there)
   * @param errorLog the server's {@code --log-error} file
   */
  static String explain(String what, int port, String output, String errorLog) {
    Matcher library = MISSING_LIBRARY.matcher(output);
    if (library.find()) {
      String lib = library.group(1);
      String fix =
          DEBIAN_PACKAGES.containsKey(lib)
              ? "install it with: apt-get install -y libaio1 libnuma1"
              : "install the package that provides it";
      return "MySQL cannot " + what + ": the shared library " + lib + " is missing; " + fix;
    }
    if (errorLog.contains("Address already in use")) {
      return "MySQL cannot "
          + what
          + ": port "
          + port
          + " on 127.0.0.1 is in use; choose another port or pass 0 to pick a free one";
    }
    Optional<String> firstError = firstErrorLine(errorLog);
    if (firstError.isPresent()) {
      return "MySQL cannot " + what + ": " + firstError.get();
    }
    String tail = lastLine(output.isBlank() ? errorLog : output);
    return "MySQL cannot " + what + (tail.isEmpty() ? " (it printed nothing)" : ": " + tail);
  }

  private static Optional<String> firstErrorLine(String errorLog) {
    for (String line : errorLog.split("\n")) {
      Matcher m = ERROR_LINE.matcher(line);
      if (m.find()) {
        return Optional.of(m.group(1).trim());
      }
    }
    return Optional.empty();
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
