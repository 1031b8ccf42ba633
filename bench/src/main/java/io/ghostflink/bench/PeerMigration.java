package io.ghostflink.bench;

import io.ghostflink.mysql.MysqlInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same migration run by a peer tool, gh-ost or pt-online-schema-change, at its own defaults but
 * what running on this server needs, so its cost to the writers is measured on the same machine,
 * table and load as ghostflink's (docs/benchmarks.md compares them as ratios there).
 *
 * <p>Neither tool ships with ghostflink: bench/README.md says how to get each.
 */
final class PeerMigration {
  // gh-ost's status line: "Copy: 1000000/1000000 100.0%; … Time: 1m2s(total), 58s(copy); …"
  private static final Pattern GHOST_STATUS =
      Pattern.compile("Copy: (\\d+)/\\d+ .*Time: \\S+\\(total\\), (\\S+)\\(copy\\)");
  private static final Pattern GHOST_LOCK = Pattern.compile("Lock & rename duration: (\\S+?)\\.? ");
  private static final Pattern GO_DURATION = Pattern.compile("([0-9.]+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern PTOSC_ROWS = Pattern.compile("Copying approximately ([0-9,]+) rows");

  private PeerMigration() {}

  /** The first line of {@code tool --version}: which release ran. */
  static String version(String tool) throws Exception {
    TimedProcess.Output v =
        TimedProcess.run(List.of(tool, "--version"), Map.of(), System::nanoTime);
    if (v.exitCode() != 0) {
      throw new java.io.IOException(v.text());
    }
    return v.text().lines().findFirst().orElse(tool).strip();
  }

  /**
   * gh-ost on the primary ({@code --allow-on-master}: the bench server has no replica), chunks of
   * {@code chunk} rows, verbose so that its cut-over's lines are printed, and {@code extra} flags;
   * each line it prints also goes to {@code onLine} as it is read.
   */
  static CliMigration.Result ghost(
      String binary,
      MysqlInstance server,
      String table,
      String alter,
      int chunk,
      List<String> extra,
      LongSupplier clock,
      Consumer<TimedProcess.Line> onLine)
      throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary,
                "--host=" + server.host(),
                "--port=" + server.port(),
                "--user=" + server.user(),
                "--password=" + server.password(),
                "--database=bench",
                "--table=" + table,
                "--alter=" + alter,
                "--allow-on-master",
                "--chunk-size=" + chunk,
                "--initially-drop-ghost-table",
                "--initially-drop-old-table",
                "--ok-to-drop-table",
                "--serve-socket-file=/tmp/ghostflink-bench-gh-ost.sock",
                "--verbose"));
    command.addAll(extra);
    command.add("--execute");
    TimedProcess.Output run = TimedProcess.run(command, Map.of(), clock, onLine);
    if (run.exitCode() != 0) {
      throw new IllegalStateException("gh-ost exited " + run.exitCode() + ":\n" + run.text());
    }
    Matcher status = null;
    Matcher lock = null;
    for (List<TimedProcess.Line> lines : List.of(run.out(), run.err())) {
      for (TimedProcess.Line l : lines) {
        Matcher s = GHOST_STATUS.matcher(l.text());
        if (s.find()) {
          status = s;
        }
        Matcher k = GHOST_LOCK.matcher(l.text());
        if (k.find()) {
          lock = k;
        }
      }
    }
    if (status == null || lock == null) {
      throw new IllegalStateException("no status or lock line in gh-ost's output:\n" + run.text());
    }
    double copySeconds = goDurationNanos(status.group(2)) / 1e9;
    long lockMillis = TimeUnit.NANOSECONDS.toMillis(goDurationNanos(lock.group(1)));
    return new CliMigration.Result(
        Long.parseLong(status.group(1)) / Math.max(copySeconds, 1e-3),
        lockMillis,
        run.firstAt("Grabbing voluntary lock"),
        Long.MAX_VALUE,
        run.cpuSeconds(),
        run.peakRssMb(),
        "gh-ost's lock & rename " + lockMillis,
        "no checksum (gh-ost has none)");
  }

  /**
   * pt-online-schema-change at its defaults (chunks of about 0.5 s, its triggers), with replicas
   * not looked for ({@code --recursion-method=none}: the bench server has none). Its swap is one
   * {@code RENAME TABLE}; the lock reported is from its "Swapping tables..." line to its "Swapped
   * original and new tables OK." line, as they reached the bench (an upper bound).
   */
  static CliMigration.Result ptOsc(
      String binary, MysqlInstance server, String table, String alter, LongSupplier clock)
      throws Exception {
    String dsn =
        String.format(
            "h=%s,P=%d,u=%s,p=%s,D=bench,t=%s",
            server.host(), server.port(), server.user(), server.password(), table);
    List<String> command =
        List.of(binary, "--alter", alter, "--recursion-method=none", "--execute", dsn);
    TimedProcess.Output run = TimedProcess.run(command, Map.of(), clock);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          "pt-online-schema-change exited " + run.exitCode() + ":\n" + run.text());
    }
    long copyFrom = run.firstAt("Copying approximately");
    long copyTo = run.firstAt("Copied rows OK.");
    long swapFrom = run.firstAt("Swapping tables...");
    long swapTo = run.firstAt("Swapped original and new tables OK.");
    Matcher rows = PTOSC_ROWS.matcher(run.text());
    if (copyTo == Long.MAX_VALUE || swapTo == Long.MAX_VALUE || !rows.find()) {
      throw new IllegalStateException(
          "no copy or swap lines in pt-online-schema-change's output:\n" + run.text());
    }
    long lockMillis = TimeUnit.NANOSECONDS.toMillis(swapTo - swapFrom);
    return new CliMigration.Result(
        Long.parseLong(rows.group(1).replace(",", "")) / ((copyTo - copyFrom) / 1e9),
        lockMillis,
        swapFrom,
        Long.MAX_VALUE,
        run.cpuSeconds(),
        run.peakRssMb(),
        "pt-online-schema-change's swap (its output lines) " + lockMillis,
        "no checksum (pt-online-schema-change has none)");
  }

  /** A Go duration as gh-ost prints it ("1m2.5s", "93.123456ms") in nanoseconds. */
  static long goDurationNanos(String text) {
    Matcher m = GO_DURATION.matcher(text);
    double nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      end = m.end();
      double v = Double.parseDouble(m.group(1));
      nanos +=
          switch (m.group(2)) {
            case "ns" -> v;
            case "us", "µs" -> v * 1e3;
            case "ms" -> v * 1e6;
            case "s" -> v * 1e9;
            case "m" -> v * 60e9;
            default -> v * 3600e9;
          };
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException("not a Go duration: " + text);
    }
    return (long) nanos;
  }
}
