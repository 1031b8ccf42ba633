package io.ghostflink.controller.cli;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.lifecycle.MigrationPausedException;
import io.ghostflink.controller.lifecycle.MigrationPlan;
import io.ghostflink.controller.lifecycle.MigrationSummary;
import io.ghostflink.operators.model.TableRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ghostflink migrate}: one online ALTER; a dry run unless {@code --execute}. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Change a table's schema online. Without --execute: preflight and the plan only.")
public final class MigrateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(names = "--database", required = true, description = "the table's database")
  String database;

  @Option(names = "--table", required = true, description = "the table to change")
  String table;

  @Option(
      names = "--alter",
      required = true,
      description = "the ALTER clause, without ALTER TABLE and the name, e.g. \"ADD COLUMN x INT\"")
  String alter;

  @Option(names = "--execute", description = "really migrate (default: dry run)")
  boolean execute;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "copy readers and sink subtasks (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--chunk-size",
      defaultValue = "10000",
      description = "rows per copy chunk (default: ${DEFAULT-VALUE})")
  int chunkSize;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Flink checkpoint interval (default: ${DEFAULT-VALUE})")
  Duration checkpointInterval;

  @Option(
      names = "--cut-over-lock-timeout",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "longest time one cut-over attempt blocks writers (default: ${DEFAULT-VALUE})")
  Duration cutOverLockTimeout;

  @Option(
      names = "--max-cut-over-attempts",
      defaultValue = "10",
      description = "cut-over attempts before giving up (default: ${DEFAULT-VALUE})")
  int maxCutOverAttempts;

  @Option(
      names = "--cut-over-max-lag",
      defaultValue = "1500ms",
      converter = DurationConverter.class,
      description =
          "start a cut-over only when the ghost table lags less (default: ${DEFAULT-VALUE})")
  Duration cutOverMaxLag;

  @Option(
      names = "--ok-to-drop-table",
      description = "drop the old table _<table>_del after the swap")
  boolean okToDropTable;

  @Option(
      names = "--initially-drop-ghost-table",
      description = "drop a previous run's ghost, changelog and progress tables first")
  boolean initiallyDropGhostTable;

  @Option(
      names = "--initially-drop-old-table",
      description = "drop a previous migration's old table _<table>_del first")
  boolean initiallyDropOldTable;

  @Option(
      names = "--state-dir",
      description = "where Flink checkpoints go (default: ~/.ghostflink/state/<database>.<table>)")
  Path stateDir;

  @Option(
      names = "--server-id",
      description = "replication server id of the binlog reader (default: random)")
  Integer serverId;

  @Option(names = "--verbose", description = "log to the console; stack traces with errors")
  boolean verbose;

  private final CutoverHook hook;

  public MigrateCommand() {
    this(CutoverHook.NONE);
  }

  MigrateCommand(CutoverHook hook) {
    this.hook = hook;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MigrationOptions options = options();
    try (ProgressPrinter progress = new ProgressPrinter(err)) {
      MigrationController controller = new MigrationController(options, progress, hook);
      if (!execute) {
        MigrationPlan plan = controller.plan();
        out.print(plan.describe());
        out.println("Dry run: nothing was changed. Add --execute to migrate.");
        return Ghostflink.OK;
      }
      MigrationSummary summary;
      try {
        summary = controller.execute();
      } catch (MigrationPausedException paused) {
        progress.close();
        out.println(paused.getMessage());
        return Ghostflink.OK;
      }
      progress.close();
      out.println("Migrated " + options.table() + ": " + summary.describe());
      return Ghostflink.OK;
    }
  }

  MigrationOptions options() {
    if (table.length() > TableRef.MAX_NAME_LENGTH || database.isBlank() || table.isBlank()) {
      throw new IllegalArgumentException(
          "--database and --table must be MySQL names (1-64 characters)");
    }
    return new MigrationOptions(
        connection.address(),
        new TableRef(database, table),
        alter,
        execute,
        parallelism,
        chunkSize,
        checkpointInterval,
        cutOverLockTimeout,
        maxCutOverAttempts,
        cutOverMaxLag,
        okToDropTable,
        initiallyDropGhostTable,
        initiallyDropOldTable,
        stateDir != null
            ? stateDir
            : Path.of(
                System.getProperty("user.home"), ".ghostflink", "state", database + "." + table),
        serverId != null ? serverId : ThreadLocalRandom.current().nextInt(100_000, 2_000_000_000));
  }
}
