package io.ghostflink.controller.cli;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** What {@code throttle} and {@code no-throttle} share: one write of the operator's throttle. */
abstract class OperatorThrottle implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  /** The operator's throttle row's new value: {@code on}, or empty. */
  abstract String value();

  /** The line said when it is written. */
  abstract String done(TableRef t);

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      RuntimeControl.write(c, t, ChangelogSql.CONTROL_THROTTLE, value());
    }
    spec.commandLine().getOut().println(done(t));
    return Ghostflink.OK;
  }
}
