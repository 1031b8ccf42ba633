package io.ghostflink.operators.sql;

import io.ghostflink.operators.model.TableRef;
import java.util.List;

/**
 * What {@link GhostDml#copyRange} copies: original columns into ghost columns, for keys after the
 * lower bound (exclusive) up to the upper bound (inclusive); a missing bound is open.
 */
public record CopyRange(
    TableRef original,
    TableRef ghost,
    List<String> sourceColumns,
    List<String> ghostColumns,
    String keyName,
    List<String> keyColumns,
    boolean hasLower,
    boolean hasUpper) {
  public CopyRange {
    sourceColumns = List.copyOf(sourceColumns);
    ghostColumns = List.copyOf(ghostColumns);
    keyColumns = List.copyOf(keyColumns);
  }

  /** This range's statement with the given bounds present or not. */
  public CopyRange withBounds(boolean lower, boolean upper) {
    return new CopyRange(
        original, ghost, sourceColumns, ghostColumns, keyName, keyColumns, lower, upper);
  }
}
