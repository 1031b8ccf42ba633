package io.ghostflink.controller.preflight;

import java.util.Optional;

/** The ALTER, tried on a scratch copy of the table, must be accepted by MySQL. */
public final class AlterValidCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.trial() == null || f.trial().error() == null) {
      return Optional.empty();
    }
    String error = f.trial().error();
    return Optional.of(
        error.startsWith(io.ghostflink.controller.schema.CheckNames.REFUSAL)
            ? error
            : "MySQL refuses the ALTER (tried on an empty copy of "
                + f.table()
                + "): "
                + error
                + "; fix --alter");
  }

  @Override
  public Optional<String> note(TableFacts f) {
    if (f.trial() == null || f.trial().error() != null || f.alter().text().isEmpty()) {
      return Optional.empty(); // no ALTER (a move): nothing to say about it
    }
    if (f.trial().instant()) {
      return Optional.of(
          "MySQL could do this ALTER INSTANT (ALTER TABLE ... ALGORITHM=INSTANT changes only"
              + " metadata): --attempt-instant-ddl runs it so, without a copy");
    }
    return Optional.of(
        f.alter().onlyIndexMetadata()
            ? "MySQL cannot do this ALTER INSTANT, but changes only index metadata for it"
                + " (ALGORITHM=INPLACE reads no row): --attempt-instant-ddl runs it so, without a"
                + " copy"
            : "MySQL cannot do this ALTER INSTANT: the rows are copied");
  }
}
