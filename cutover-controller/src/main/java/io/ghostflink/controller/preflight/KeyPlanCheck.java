package io.ghostflink.controller.preflight;

import io.ghostflink.operators.mapping.GhostKeys;
import java.util.Optional;

/**
 * Changes are applied by a key that identifies the same row in both tables: a unique NOT NULL key
 * of the original whose columns the ALTER leaves telling rows apart as before, and a new table with
 * a primary or unique NOT NULL key. New unique keys the original does not guarantee are checked for
 * collisions, except those whose values ghostflink cannot compute (see {@link GhostKeys}).
 */
public final class KeyPlanCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.original().isEmpty()) {
      return Optional.empty(); // reported by RowKeyCheck
    }
    return f.keyPlan().filter(p -> !p.ok()).map(GhostKeys.Plan::problem);
  }

  @Override
  public Optional<String> note(TableFacts f) {
    return f.keyPlan()
        .filter(GhostKeys.Plan::ok)
        .filter(p -> !p.ghostKey().riskyKeys().isEmpty())
        .map(
            p -> {
              StringBuilder keys = new StringBuilder();
              p.ghostKey()
                  .riskyKeys()
                  .forEach(k -> keys.append(keys.length() == 0 ? "" : ", ").append(k.name()));
              return "unique keys "
                  + keys
                  + " are not guaranteed by the table's own keys: rows that collide on them stop"
                  + " the migration before its swap, as they would stop MySQL's ALTER";
            });
  }
}
