package io.ghostflink.controller.preflight;

import io.ghostflink.operators.model.TableRef;
import java.util.Optional;

/** The migration tables' names ({@code _t_gho} and friends) must fit MySQL's 64 characters. */
public final class TableNameCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    int length = f.table().table().length();
    if (length <= TableRef.MAX_ORIGINAL_NAME_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(
        "table name "
            + f.table().table()
            + " is "
            + length
            + " characters; ghostflink needs at most "
            + TableRef.MAX_ORIGINAL_NAME_LENGTH
            + " so that _<table>_gho fits MySQL's 64; rename the table first");
  }
}
