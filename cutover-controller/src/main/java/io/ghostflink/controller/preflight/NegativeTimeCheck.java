package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * Negative TIME values cannot come through the binlog exactly: Debezium 1.9, which Flink CDC 3.2
 * ships, decodes some of them wrongly (DBZ-7594). Any update to such a row would carry one, so
 * tables holding them are refused; the job also stops if one is written during the migration.
 */
public final class NegativeTimeCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.negativeTimeColumns().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "TIME columns "
            + f.negativeTimeColumns()
            + " hold negative values, which the binlog reader ghostflink uses (Debezium 1.9) cannot"
            + " decode exactly (DBZ-7594); migrate with ALTER TABLE directly, or make the values"
            + " non-negative");
  }
}
