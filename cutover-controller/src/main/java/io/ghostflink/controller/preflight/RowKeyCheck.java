package io.ghostflink.controller.preflight;

import java.util.Optional;

/** Changes are applied by key: the original needs a primary key or a NOT NULL unique key. */
public final class RowKeyCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.original().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "table "
            + f.table()
            + " has no primary key and no unique key on NOT NULL columns; add one first (ghostflink"
            + " applies changes by key)");
  }
}
