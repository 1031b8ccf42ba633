package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * An ALTER that works on the table's data rather than its definition ({@code DROP PARTITION},
 * {@code TRUNCATE PARTITION}, {@code EXCHANGE PARTITION}, {@code DISCARD}/{@code IMPORT
 * TABLESPACE}) is not a schema change a copy can make: MySQL does it in place, in moments, where a
 * migration copies every row into a new table (it kept a dropped partition's rows). Refused before
 * anything runs, the ALTER's trial on an empty copy included.
 */
public final class AlterDataOperationCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    String operation = f.alter().dataOperation();
    return operation == null
        ? Optional.empty()
        : Optional.of(
            "the ALTER's "
                + operation
                + " works on the table's data, not its definition, and a migration copies every"
                + " row into a new table: run it with MySQL's own ALTER TABLE, which does it in"
                + " place without a copy");
  }
}
