package io.ghostflink.controller.preflight;

import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ghost table must keep the original's row key: a unique key on the same columns (renamed or
 * not), all NOT NULL. Changes are applied to the ghost by that key; any other key would let an
 * update leave a second copy of a row behind.
 */
public final class SharedKeyCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.original().isEmpty() || f.trial() == null || f.trial().error() != null) {
      return Optional.empty(); // reported by RowKeyCheck and AlterValidCheck
    }
    TableSchema original = f.original().get();
    ColumnMapping mapping = ColumnMapper.map(original, f.trial().columns(), f.alter().renames());
    List<String> keyInGhost = new ArrayList<>();
    for (Column key : original.keyColumnList()) {
      String ghostName = ghostNameOf(original.indexOf(key.name()), mapping);
      if (ghostName == null) {
        return Optional.of(
            "the ALTER drops column "
                + key.name()
                + " of the table's key "
                + original.keyName()
                + "; ghostflink needs the new table to keep that key");
      }
      keyInGhost.add(ghostName);
    }
    Set<String> wanted = lowerSet(keyInGhost);
    for (Map.Entry<String, List<String>> key : f.trial().uniqueKeys().entrySet()) {
      if (lowerSet(key.getValue()).equals(wanted)
          && allNotNull(key.getValue(), f.trial().columns())) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "the new table has no unique key on "
            + keyInGhost
            + " (the table's key "
            + original.keyName()
            + "); keep a PRIMARY or NOT NULL UNIQUE key on those columns in the ALTER");
  }

  /** The name of the ghost column filled from original column {@code source}, or null. */
  static String ghostNameOf(int source, ColumnMapping mapping) {
    int[] sources = mapping.sourceColumns();
    for (int i = 0; i < sources.length; i++) {
      if (sources[i] == source) {
        return mapping.ghostColumns().get(i);
      }
    }
    return null;
  }

  private static boolean allNotNull(List<String> names, List<Column> columns) {
    for (String name : names) {
      int i = Column.indexOf(columns, name);
      if (i < 0 || columns.get(i).nullable()) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> lowerSet(List<String> names) {
    Set<String> set = new TreeSet<>();
    names.forEach(n -> set.add(n.toLowerCase(Locale.ROOT)));
    return set;
  }
}
