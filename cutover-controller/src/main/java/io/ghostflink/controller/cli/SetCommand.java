package io.ghostflink.controller.cli;

import io.ghostflink.controller.throttle.RuntimeSettings;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink set chunk-time=200ms max-load=Threads_running=30}: changes a running
 * migration's copy settings; an empty value returns a setting to its flag.
 */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description =
        "Change a running migration's settings: chunk-time=, chunk-size=, max-load=,"
            + " critical-load=, max-lag-millis=, max-commit-latency-ratio=, max-checkpoint-age-ratio=, nice-ratio=, max-cpu-ratio= (empty: back to the"
            + " flag).")
public final class SetCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Parameters(arity = "1..*", paramLabel = "NAME=VALUE", description = "settings to change")
  List<String> settings;

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    List<Map.Entry<String, String>> writes = new ArrayList<>();
    for (String s : settings) {
      writes.add(RuntimeSettings.parse(s)); // every setting checked before any is written
    }
    try (Connection c = Connections.open(connection.address(), t.database())) {
      for (Map.Entry<String, String> w : writes) {
        RuntimeControl.write(c, t, w.getKey(), w.getValue());
      }
    }
    spec.commandLine()
        .getOut()
        .println("Set " + String.join(", ", settings) + " for the migration of " + t);
    return Ghostflink.OK;
  }
}
