package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * A new UNIQUE key over values the table already repeats would make the copy's INSERT IGNORE drop
 * rows silently: refused, naming the duplicates.
 */
public final class UniqueDuplicatesCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.duplicates().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder found = new StringBuilder();
    f.duplicates()
        .forEach(
            (key, sample) ->
                found
                    .append(found.length() == 0 ? "" : "; ")
                    .append(key)
                    .append(": ")
                    .append(sample));
    return Optional.of(
        "the new unique key would drop rows, the table has duplicates ("
            + found
            + "); remove the duplicates or make the key non-unique");
  }
}
