package io.ghostflink.controller.cli;

import io.ghostflink.operators.model.TableRef;
import picocli.CommandLine.Command;

/** {@code ghostflink no-throttle}: releases {@code ghostflink throttle}. */
@Command(
    name = "no-throttle",
    mixinStandardHelpOptions = true,
    description =
        "Release ghostflink throttle (the copy may still hold back for load or lag flags).")
public final class NoThrottleCommand extends OperatorControl {
  @Override
  String value() {
    return "";
  }

  @Override
  String done(TableRef t) {
    return "Released the operator's throttle of " + t;
  }
}
