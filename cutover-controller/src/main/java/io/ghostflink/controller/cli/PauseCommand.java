package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.MigrationPhase;
import io.ghostflink.controller.progress.ProgressReader;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink pause}: asks the migration of a table, running in another process, to stop with
 * a savepoint, through a command row in its changelog table, and waits until it has.
 */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause a running migration with a savepoint; ghostflink resume continues it.")
public final class PauseCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Option(
      names = "--wait",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "how long to wait for the savepoint (default: ${DEFAULT-VALUE})")
  Duration wait;

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      String state = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.STATE);
      if (state == null
          || !(state.equals(MigrationPhase.COPY.name())
              || state.equals(MigrationPhase.APPLY.name()))) {
        throw new IllegalArgumentException(
            "no migration of "
                + t
                + " is copying or applying"
                + (state == null ? "" : " (it is " + state + ")")
                + "; only those can pause");
      }
      try (PreparedStatement ps = c.prepareStatement(ChangelogSql.write(t.changelog()))) {
        ps.setString(1, ChangelogSql.COMMAND);
        ps.setString(2, ChangelogSql.PAUSE);
        ps.executeUpdate();
      }
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        String now = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.STATE);
        if (MigrationPhase.PAUSED.name().equals(now)) {
          spec.commandLine()
              .getOut()
              .println("Paused the migration of " + t + "; resume it with: ghostflink resume");
          return Ghostflink.OK;
        }
        if (now != null && !now.equals(state) && !now.equals(MigrationPhase.APPLY.name())) {
          throw new IllegalStateException(
              "the migration of " + t + " went to " + now + " instead of pausing");
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException(
          "the migration of "
              + t
              + " did not pause within "
              + wait.toSeconds()
              + " s; see its log");
    }
  }
}
