package io.ghostflink.controller.cli;

import io.ghostflink.operators.model.TableRef;
import picocli.CommandLine.Command;

/**
 * {@code ghostflink throttle}: holds back a running migration's copy until {@code no-throttle}
 * (gh-ost's interactive {@code throttle}); the binlog apply goes on, and no cut-over starts.
 */
@Command(
    name = "throttle",
    mixinStandardHelpOptions = true,
    description = "Hold back a running migration's copy until ghostflink no-throttle.")
public final class ThrottleCommand extends OperatorControl {
  @Override
  String value() {
    return "on";
  }

  @Override
  String done(TableRef t) {
    return "Throttled the copy of " + t + "; ghostflink no-throttle releases it";
  }
}
