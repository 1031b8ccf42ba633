package io.ghostflink.controller.cli;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.lifecycle.MigrationPausedException;
import io.ghostflink.controller.lifecycle.MigrationPlan;
import io.ghostflink.controller.lifecycle.MigrationSummary;
import io.ghostflink.controller.metrics.ControllerMetrics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
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

  @Mixin MigrationFlags flags;

  @Mixin GhostOstFlags ghost;

  @Option(
      names = "--alter",
      required = true,
      description =
          "the ALTER clause, e.g. \"ADD COLUMN x INT\", or a whole statement \"ALTER TABLE db.t ADD"
              + " COLUMN x INT\" (as gh-ost takes it; then --database and --table may be left out)")
  String alter;

  @Option(names = "--execute", description = "really migrate (default: dry run)")
  boolean execute;

  @Option(
      names = "--attempt-instant-ddl",
      description =
          "when MySQL can do the ALTER with ALGORITHM=INSTANT (metadata only), run it so on the"
              + " table, waiting at most --cut-over-lock-timeout for its metadata lock, instead of"
              + " copying; where MySQL refuses, copy as without the flag (default: off)")
  boolean attemptInstantDdl;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    alter = flags.target.clauseOf(alter); // or a whole statement, as gh-ost takes it
    if (flags.target.count() > 1) {
      throw new IllegalArgumentException(
          "migrate changes one table: give --table once (several --tables are for move)");
    }
    picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    ghost.applyTo(flags, parsed);
    MigrationOptions options =
        flags
            .options(connection, alter, execute)
            .attemptingInstantDdl(attemptInstantDdl)
            .countingRows(ghost.rowCount());
    java.util.List<String> withoutEffect = ghost.withoutEffect(parsed);
    if (!withoutEffect.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "ghostflink: note: gh-ost's "
                  + String.join(", ", withoutEffect)
                  + (withoutEffect.size() == 1 ? " has" : " have")
                  + " no effect here (docs/operations.md, \"Coming from gh-ost\")");
    }
    try (ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr());
        ControllerMetrics metrics = flags.metrics(execute, progress)) {
      MigrationController controller =
          new MigrationController(options, metrics != null ? metrics : progress, CutoverHook.NONE);
      if (!execute) {
        MigrationPlan plan = controller.plan();
        out.print(plan.describe());
        out.println("Dry run: nothing was changed. Add --execute to migrate.");
        return Ghostflink.OK;
      }
      return finish(
          out, spec.commandLine().getErr(), progress, metrics, options, controller, false);
    }
  }

  /** Runs or resumes the migration and prints how it ended: the summary, or the pause. */
  static int finish(
      PrintWriter out,
      PrintWriter err,
      ProgressPrinter progress,
      ControllerMetrics metrics,
      MigrationOptions options,
      MigrationController controller,
      boolean resume)
      throws Exception {
    MigrationSummary summary;
    try {
      summary = resume ? controller.resume() : controller.execute();
    } catch (MigrationPausedException paused) {
      progress.close();
      out.println(paused.getMessage() + " with: " + MigrationController.RESUME_COMMAND);
      return Ghostflink.OK;
    }
    progress.close();
    if (metrics != null) {
      metrics.finished(summary);
    }
    out.println(
        (options.move() == null ? "Migrated " : "Moved ")
            + options.table()
            + ": "
            + summary.describe());
    if (summary.successHookFailure() != null) {
      err.println("ghostflink: error: " + summary.successHookFailure());
      return Ghostflink.SUCCESS_HOOK_FAILED;
    }
    return Ghostflink.OK;
  }
}
