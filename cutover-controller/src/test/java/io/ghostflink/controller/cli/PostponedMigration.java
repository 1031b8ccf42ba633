package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ghostflink migrate} run as an operator runs it with {@code --postpone-cut-over-flag-file}:
 * the copy done and the ghost table kept current, a test does what it checks while the cut-over
 * waits (other commands, stopping its writers), then the flag file goes and the migration swaps.
 */
final class PostponedMigration {
  /** What the test does while the cut-over waits. */
  @FunctionalInterface
  interface WhilePostponed {
    void run() throws Exception;
  }

  /** The migration's exit code and what it printed. */
  record Result(int exitCode, String out, String err) {}

  private PostponedMigration() {}

  /** Runs the {@code migrate} command line {@code args} (with {@code --execute}). */
  static Result run(List<String> args, Path work, WhilePostponed whilePostponed) throws Exception {
    Path flag = Files.createTempFile(work, "postpone", "");
    List<String> postponed = new ArrayList<>(args);
    postponed.addAll(List.of("--postpone-cut-over-flag-file", flag.toString()));
    return runPostponedOn(postponed, flag, whilePostponed);
  }

  /**
   * Runs {@code postponed}, whose {@code --postpone-cut-over-flag-file} is {@code flag} (which the
   * migration creates when it does not exist, as gh-ost does), and deletes {@code flag} once the
   * cut-over waits and {@code whilePostponed} is done.
   */
  static Result runPostponedOn(List<String> postponed, Path flag, WhilePostponed whilePostponed)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> migration =
        CompletableFuture.supplyAsync(
            () ->
                Ghostflink.run(
                    postponed.toArray(String[]::new),
                    new PrintWriter(out, true),
                    new PrintWriter(err, true)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!err.toString().contains("cut-over postponed")) {
      assertThat(migration.isDone()).as(err.toString()).isFalse();
      assertThat(System.nanoTime())
          .as("the migration reaches the postponed cut-over: " + tail(err))
          .isLessThan(deadline);
      Thread.sleep(200);
    }
    whilePostponed.run();
    Files.delete(flag);
    int code = migration.get(180, TimeUnit.SECONDS);
    return new Result(code, out.toString(), err.toString());
  }

  private static String tail(StringWriter w) {
    String s = w.toString().replace('\r', '\n');
    return s.substring(Math.max(0, s.length() - 400));
  }
}
