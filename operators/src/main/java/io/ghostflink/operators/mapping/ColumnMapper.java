package io.ghostflink.operators.mapping;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which original column fills each ghost column, from the two real table definitions and
 * the ALTER's column renames: a renamed column by its old name, any other by its own name. Ghost
 * columns without a source (new columns) take their defaults; generated columns are never written.
 */
public final class ColumnMapper {
  private ColumnMapper() {}

  /**
   * @param renames old name to new name, as the ALTER's {@code CHANGE} / {@code RENAME COLUMN} say
   */
  public static ColumnMapping map(
      TableSchema original, List<Column> ghost, Map<String, String> renames) {
    Map<String, String> newToOld = new java.util.HashMap<>();
    Map<String, String> oldToNew = new java.util.HashMap<>();
    renames.forEach(
        (from, to) -> {
          newToOld.put(lower(to), from);
          oldToNew.put(lower(from), to);
        });
    List<String> ghostColumns = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    for (Column g : ghost) {
      String sourceName = newToOld.get(lower(g.name()));
      if (sourceName == null) {
        // a column renamed away and a new column taking its old name are different columns
        boolean renamedAway =
            oldToNew.containsKey(lower(g.name()))
                && !oldToNew.get(lower(g.name())).equalsIgnoreCase(g.name());
        sourceName = renamedAway ? null : g.name();
      }
      int source = sourceName == null ? -1 : original.indexOf(sourceName);
      if (source >= 0 && !g.generated() && !original.columns().get(source).generated()) {
        ghostColumns.add(g.name());
        sources.add(source);
      }
    }
    return new ColumnMapping(ghostColumns, sources.stream().mapToInt(i -> i).toArray());
  }

  /** The original's columns that no ghost column takes its values from (dropped by the ALTER). */
  public static List<String> unmapped(TableSchema original, ColumnMapping mapping) {
    boolean[] used = new boolean[original.columns().size()];
    for (int i : mapping.sourceColumns()) {
      used[i] = true;
    }
    List<String> dropped = new ArrayList<>();
    for (int i = 0; i < used.length; i++) {
      if (!used[i] && !original.columns().get(i).generated()) {
        dropped.add(original.columns().get(i).name());
      }
    }
    return dropped;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
