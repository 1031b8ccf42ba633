package io.ghostflink.controller.cli;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink unpostpone}: lets a migration whose cut-over waits on its {@code
 * --postpone-cut-over-flag-file} go on to the cut-over (gh-ost's interactive {@code unpostpone}),
 * from any machine that reaches MySQL.
 */
@Command(
    name = "unpostpone",
    mixinStandardHelpOptions = true,
    description = "Let a migration postponed by its flag file go on to its cut-over.")
public final class UnpostponeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      RuntimeControl.write(c, t, ChangelogSql.CONTROL_UNPOSTPONE, "now");
    }
    spec.commandLine()
        .getOut()
        .println("Released the cut-over of " + t + "; it starts once the ghost table is current");
    return Ghostflink.OK;
  }
}
