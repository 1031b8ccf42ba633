package io.ghostflink.controller.cli;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.metrics.ControllerMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink resume}: continues a paused migration from its savepoint, optionally with a
 * different {@code --parallelism}. The ALTER comes from the state directory.
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Continue a paused migration from its savepoint (any --parallelism).")
public final class ResumeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin MigrationFlags flags;

  @Option(
      names = "--drain-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "for a move: how long its cut-over waits for the job, with writes refused, before it"
              + " renames the table back and retries (default: ${DEFAULT-VALUE})")
  java.time.Duration drainTimeout;

  @Override
  public Integer call() throws Exception {
    Path alterFile = flags.stateDir().resolve(MigrationController.ALTER_FILE);
    if (!Files.isRegularFile(alterFile)) {
      throw new IllegalArgumentException(
          "no paused migration of "
              + flags.table()
              + " in "
              + flags.stateDir()
              + "; check --state-dir");
    }
    String alter = Files.readString(alterFile, StandardCharsets.UTF_8).strip();
    // a move's target is where the stopped run was taking the table
    MigrationOptions options =
        flags.options(
            connection,
            alter,
            true,
            MigrationController.pausedMove(flags.stateDir(), flags.table(), drainTimeout)
                .orElse(null));
    if (options.flink() == null) {
      // the job of a migration that ran on a Flink cluster resumes there
      java.util.Optional<java.net.URI> cluster =
          MigrationController.recordedCluster(flags.stateDir());
      if (cluster.isPresent()) {
        options = options.onCluster(flags.flinkSession(cluster.get()));
      }
    }
    try (ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr());
        ControllerMetrics metrics = flags.metrics(true, progress)) {
      return MigrateCommand.finish(
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          progress,
          metrics,
          options,
          new MigrationController(options, metrics != null ? metrics : progress, CutoverHook.NONE),
          true);
    }
  }
}
