package io.ghostflink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool run as its user runs it, under GNU time, so its CPU seconds and peak resident memory are
 * the process's own (start-up included); every line it prints is stamped on the bench's clock, so
 * the moment it says a phase began can be set beside the writers' seconds.
 */
final class TimedProcess {
  private static final Pattern TIME = Pattern.compile("^bench-time (\\S+) (\\S+) (\\d+)$");

  /** A line the process printed, and when it was read on the bench's clock. */
  record Line(long at, String text) {}

  /**
   * What the process did.
   *
   * @param exitCode its exit code
   * @param out its standard output's lines
   * @param err its standard error's lines, GNU time's own line left out
   * @param cpuSeconds user + system CPU of the process and its children
   * @param peakRssMb its peak resident set
   */
  record Output(int exitCode, List<Line> out, List<Line> err, double cpuSeconds, double peakRssMb) {

    /** When the first line of either stream containing {@code text} came (MAX_VALUE: none). */
    long firstAt(String text) {
      long at = Long.MAX_VALUE;
      for (List<Line> lines : List.of(out, err)) {
        for (Line l : lines) {
          if (l.text().contains(text)) {
            at = Math.min(at, l.at());
            break;
          }
        }
      }
      return at;
    }

    /** Both streams, as the terminal would have shown them (for an error message). */
    String text() {
      List<String> all = new ArrayList<>();
      out.forEach(l -> all.add(l.text()));
      err.forEach(l -> all.add(l.text()));
      return String.join("\n", all);
    }
  }

  private TimedProcess() {}

  /** Runs {@code command} with {@code env} added to the bench's environment, to its end. */
  static Output run(List<String> command, Map<String, String> env, LongSupplier clock)
      throws IOException, InterruptedException {
    return run(command, env, clock, line -> {});
  }

  /**
   * The same, with each line of either stream also handed to {@code onLine} as it is read, on the
   * stream's reader thread (the apply bench waits for the line that says the copy is done).
   */
  static Output run(
      List<String> command, Map<String, String> env, LongSupplier clock, Consumer<Line> onLine)
      throws IOException, InterruptedException {
    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "bench-time %U %S %M"));
    timed.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(timed);
    pb.environment().putAll(env);
    Process p = pb.start();
    List<Line> out = new ArrayList<>();
    List<Line> err = new ArrayList<>();
    Thread outReader = reader(p.getInputStream(), out, clock, onLine, "bench-stdout");
    Thread errReader = reader(p.getErrorStream(), err, clock, onLine, "bench-stderr");
    int rc = p.waitFor();
    outReader.join();
    errReader.join();
    Matcher time = null;
    for (Line l : err) {
      Matcher m = TIME.matcher(l.text());
      if (m.matches()) {
        time = m;
      }
    }
    if (time == null) {
      throw new IllegalStateException(
          "GNU time printed nothing for "
              + command.get(0)
              + ":\n"
              + String.join("\n", err.stream().map(Line::text).toList()));
    }
    err.removeIf(l -> TIME.matcher(l.text()).matches());
    return new Output(
        rc,
        out,
        err,
        Double.parseDouble(time.group(1)) + Double.parseDouble(time.group(2)),
        Long.parseLong(time.group(3)) / 1024.0);
  }

  private static Thread reader(
      InputStream in, List<Line> lines, LongSupplier clock, Consumer<Line> onLine, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  Line read = new Line(clock.getAsLong(), line);
                  lines.add(read);
                  onLine.accept(read);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            name);
    t.start();
    return t;
  }
}
