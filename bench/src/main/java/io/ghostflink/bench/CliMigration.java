package io.ghostflink.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration (or move) run as a user runs it: {@code bin/ghostflink migrate|move … --execute} in
 * its own JVM, under GNU time, so its CPU seconds and peak resident memory are the process's own
 * (start-up included), not estimates inside the benchmark's JVM.
 */
final class CliMigration {
  private static final Pattern SUMMARY =
      Pattern.compile("copy rate: (\\d+) rows/s, cut-over lock: (\\d+) ms");
  // --attempt-instant-ddl: MySQL did the ALTER itself; its time stands for the cut-over lock
  private static final Pattern IN_PLACE =
      Pattern.compile(
          "done by MySQL with ALGORITHM=\\w+ \\(metadata only, no row copied\\) in (\\d+) ms");
  private static final Pattern STEP =
      Pattern.compile("Cut-over step (\\d+)/\\d+ (\\w+) took (\\d+) ms");

  /**
   * What the run reported.
   *
   * @param copyRowsPerSecond the copy rate from the summary line
   * @param lockMillis the cut-over lock from the summary line
   * @param cutOverStart when the controller printed "phase CUTOVER", on the caller's clock
   * @param checksumStart when it printed "phase CHECKSUM" (Long.MAX_VALUE: no checksum)
   * @param cpuSeconds user + system CPU of the ghostflink process
   * @param peakRssMb its peak resident set
   * @param steps the cut-over's step times, "1 lock_original_and_magic 16, 2 …"
   * @param checksum the checksum's line ("checksum: … rows equal …"), or "no checksum"
   */
  record Result(
      double copyRowsPerSecond,
      long lockMillis,
      long cutOverStart,
      long checksumStart,
      double cpuSeconds,
      double peakRssMb,
      String steps,
      String checksum) {}

  private CliMigration() {}

  /**
   * Runs {@code launcher} (a build's {@code bin/ghostflink}) with {@code args} (the subcommand
   * first) and {@code --execute} (its JVM with {@code javaOptions} after the script's own), each
   * line it prints also to {@code onLine} as it is read; fails with its output if it does not exit
   * 0.
   */
  static Result run(
      Path launcher,
      List<String> args,
      String javaOptions,
      Path logFile,
      LongSupplier clock,
      Consumer<TimedProcess.Line> onLine)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(args);
    command.add("--execute");
    Files.deleteIfExists(logFile);
    TimedProcess.Output run =
        TimedProcess.run(
            command,
            Map.of("GHOSTFLINK_JAVA_OPTS", javaOptions + " -Dghostflink.log.file=" + logFile),
            clock,
            onLine);
    if (run.exitCode() != 0) {
      throw new IllegalStateException("ghostflink exited " + run.exitCode() + ":\n" + run.text());
    }
    String out = String.join("\n", run.out().stream().map(TimedProcess.Line::text).toList());
    Matcher summary = SUMMARY.matcher(out);
    Matcher inPlace = IN_PLACE.matcher(out);
    boolean copied = summary.find();
    if (!copied && !inPlace.find()) {
      throw new IllegalStateException("no summary line in ghostflink's output:\n" + out);
    }
    List<String> err = run.err().stream().map(TimedProcess.Line::text).toList();
    String checksum =
        err.stream()
            .filter(l -> l.contains("checksum: "))
            .map(l -> l.substring(l.indexOf("checksum: ")))
            .findFirst()
            .orElse("no checksum");
    StringBuilder steps = new StringBuilder();
    for (String line : Files.readAllLines(logFile)) {
      Matcher m = STEP.matcher(line);
      if (m.find()) {
        if (m.group(1).equals("1")) {
          steps.setLength(0); // a failed attempt's steps are not the swap's
        }
        steps.append(steps.length() == 0 ? "" : ", ");
        steps.append(m.group(1)).append(' ').append(m.group(2).toLowerCase(java.util.Locale.ROOT));
        steps.append(' ').append(m.group(3));
      }
    }
    long alterMillis = copied ? 0 : Long.parseLong(inPlace.group(1));
    return new Result(
        copied ? Double.parseDouble(summary.group(1)) : 0,
        copied ? Long.parseLong(summary.group(2)) : alterMillis,
        copied
            ? run.firstAt("phase CUTOVER")
            : run.firstAt("--attempt-instant-ddl: MySQL changed") - alterMillis * 1_000_000,
        run.firstAt("phase CHECKSUM"),
        run.cpuSeconds(),
        run.peakRssMb(),
        steps.toString(),
        checksum);
  }
}
