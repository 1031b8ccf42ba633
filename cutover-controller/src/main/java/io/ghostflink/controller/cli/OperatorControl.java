package io.ghostflink.controller.cli;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * What {@code throttle}, {@code no-throttle} and {@code unpostpone} share: one write of an
 * operator's control row in the migration's changelog table.
 */
abstract class OperatorControl implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  /** The control row written: the operator's throttle unless said otherwise. */
  String hint() {
    return ChangelogSql.CONTROL_THROTTLE;
  }

  /** The row's new value: {@code on} or empty for the throttle. */
  abstract String value();

  /** The line said when it is written. */
  abstract String done(TableRef t);

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      RuntimeControl.write(c, t, hint(), value());
    }
    spec.commandLine().getOut().println(done(t));
    return Ghostflink.OK;
  }
}
