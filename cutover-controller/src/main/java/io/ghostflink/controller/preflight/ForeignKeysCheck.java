package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * Foreign keys from or to the table would point at the old table after the swap (or block it):
 * refused until ghostflink supports them.
 */
public final class ForeignKeysCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.foreignKeys().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "table "
            + f.table()
            + " has foreign keys "
            + f.foreignKeys()
            + "; ghostflink does not migrate tables with foreign keys yet");
  }
}
