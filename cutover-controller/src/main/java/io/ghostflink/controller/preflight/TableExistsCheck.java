package io.ghostflink.controller.preflight;

import java.util.Optional;

/** The original table must exist. */
public final class TableExistsCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    return f.exists()
        ? Optional.empty()
        : Optional.of(
            "table "
                + f.table()
                + " does not exist; check --database and --table (names are case-sensitive on"
                + " Linux)");
  }
}
