package io.ghostflink.controller.preflight;

import java.util.Optional;

/** Triggers would not fire on the ghost table's writes and would be lost at the swap: refused. */
public final class TriggersCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.triggers().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "table "
            + f.table()
            + " has triggers "
            + f.triggers()
            + "; ghostflink does not migrate tables with triggers yet: drop them for the migration"
            + " or use ALTER directly");
  }
}
