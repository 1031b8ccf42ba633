package io.ghostflink.controller.preflight;

import java.util.Optional;

/** One thing that must hold before a migration may start; a function of what the server said. */
public interface PreflightCheck {
  /** What is wrong and how to fix it, in one line; empty when the check passes. */
  Optional<String> problem(TableFacts facts);

  /** Something the operator should know even though the check passes (shown in the plan). */
  default Optional<String> note(TableFacts facts) {
    return Optional.empty();
  }
}
