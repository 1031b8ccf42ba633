package io.ghostflink.controller.cli;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code ghostflink no-throttle}: releases {@code ghostflink throttle}. */
@Command(
    name = "no-throttle",
    mixinStandardHelpOptions = true,
    description =
        "Release ghostflink throttle (the copy may still hold back for load or lag flags).")
public final class NoThrottleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      RuntimeControl.write(c, t, ChangelogSql.CONTROL_THROTTLE, "");
    }
    spec.commandLine().getOut().println("Released the operator's throttle of " + t);
    return Ghostflink.OK;
  }
}
