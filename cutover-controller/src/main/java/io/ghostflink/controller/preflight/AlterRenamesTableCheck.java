package io.ghostflink.controller.preflight;

import java.util.Optional;

/** Renaming the table is not a schema change ghostflink can swap in: use RENAME TABLE. */
public final class AlterRenamesTableCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    boolean renames = f.alter().renamesTable() || (f.trial() != null && f.trial().renamedAway());
    return renames
        ? Optional.of(
            "the ALTER renames the table; ghostflink changes a table in place: remove RENAME from"
                + " --alter and rename with RENAME TABLE afterwards")
        : Optional.empty();
  }
}
