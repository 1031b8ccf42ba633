package io.ghostflink.controller.preflight;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.UniqueKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes are applied by key: the original needs a primary key or a unique key over whole NOT NULL
 * columns. A refusal names each key passed over and why, so a table whose primary key indexes a
 * column's prefix is not told it has none.
 */
public final class RowKeyCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.original().isPresent()) {
      return Optional.empty();
    }
    List<String> passedOver = new ArrayList<>();
    for (UniqueKey key : f.originalUniqueKeys()) {
      passedOver.add(key.name() + " " + unusable(key, f.originalColumns()));
    }
    return Optional.of(
        "table "
            + f.table()
            + " has no primary key and no unique key on whole NOT NULL columns"
            + (passedOver.isEmpty() ? "" : " (" + String.join("; ", passedOver) + ")")
            + "; add one first (ghostflink applies changes by key)");
  }

  private static String unusable(UniqueKey key, List<Column> columns) {
    for (UniqueKey.Part part : key.parts()) {
      if (part.functional()) {
        return "is over an expression";
      }
      if (part.prefix() != 0) {
        return "indexes a prefix of " + part.column();
      }
      int i = Column.indexOf(columns, part.column());
      if (i >= 0 && columns.get(i).nullable()) {
        return "includes the nullable column " + part.column();
      }
    }
    return "cannot identify rows";
  }
}
