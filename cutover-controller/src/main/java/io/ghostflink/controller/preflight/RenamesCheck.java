package io.ghostflink.controller.preflight;

import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the SQL parser cannot read the ALTER, renames are unknown. Mapping by name is still exact
 * unless the ALTER both removes columns and adds columns (it may have renamed one): then refuse
 * rather than guess and leave a renamed column empty.
 */
public final class RenamesCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.alter().understood() || f.original().isEmpty() || f.trial() == null) {
      return Optional.empty();
    }
    if (!f.trialAccepted()) {
      return Optional.empty(); // AlterValidCheck reports it
    }
    ColumnMapping mapping = f.mapping().orElseThrow();
    List<String> removed = ColumnMapper.unmapped(f.original().get(), mapping);
    List<String> added = new ArrayList<>();
    for (Column c : f.trial().columns()) {
      if (!c.generated() && !mapping.ghostColumns().contains(c.name())) {
        added.add(c.name());
      }
    }
    if (removed.isEmpty() || added.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "cannot tell whether the ALTER renames "
            + removed
            + " to "
            + added
            + " (the SQL parser could not read all of it: "
            + f.alter().parseError()
            + "); split the rename into its own migration with CHANGE old new");
  }

  @Override
  public Optional<String> note(TableFacts f) {
    return f.alter().understood()
        ? Optional.empty()
        : Optional.of(
            "the SQL parser could not read the ALTER ("
                + f.alter().parseError()
                + "); columns are mapped by name");
  }
}
