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
 * {@code ghostflink throttle}: holds back a running migration's copy until {@code no-throttle}
 * (gh-ost's interactive {@code throttle}); the binlog apply goes on, and no cut-over starts.
 */
@Command(
    name = "throttle",
    mixinStandardHelpOptions = true,
    description = "Hold back a running migration's copy until ghostflink no-throttle.")
public final class ThrottleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      RuntimeControl.write(c, t, ChangelogSql.CONTROL_THROTTLE, "on");
    }
    spec.commandLine()
        .getOut()
        .println("Throttled the copy of " + t + "; ghostflink no-throttle releases it");
    return Ghostflink.OK;
  }
}
