package io.ghostflink.controller.cli;

import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import picocli.CommandLine.Command;

/**
 * {@code ghostflink unpostpone}: lets a migration whose cut-over waits on its {@code
 * --postpone-cut-over-flag-file} go on to the cut-over (gh-ost's interactive {@code unpostpone}),
 * from any machine that reaches MySQL.
 */
@Command(
    name = "unpostpone",
    mixinStandardHelpOptions = true,
    description = "Let a migration postponed by its flag file go on to its cut-over.")
public final class UnpostponeCommand extends OperatorControl {
  @Override
  String hint() {
    return ChangelogSql.CONTROL_UNPOSTPONE;
  }

  @Override
  String value() {
    return "now";
  }

  @Override
  String done(TableRef t) {
    return "Released the cut-over of " + t + "; it starts once the ghost table is current";
  }
}
