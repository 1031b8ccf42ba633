package io.ghostflink.operators.sql;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;

/**
 * What {@link GhostDml#copyRange} copies: original columns into ghost columns, for keys after the
 * lower bound (exclusive) up to the upper bound (inclusive); a missing bound is open. {@code hint}:
 * the copy's optimizer hint (the zone MySQL converts its values in, {@code
 * ServerAddress#zoneHint}), or empty. {@code copied}: what the copy selects for each ghost column
 * ({@code ColumnMapping#copiedExpressions}).
 */
public record CopyRange(
    TableRef original,
    TableRef ghost,
    List<String> sourceColumns,
    List<String> ghostColumns,
    String keyName,
    List<Column> keyColumns,
    boolean hasLower,
    boolean hasUpper,
    String hint,
    List<String> copied) {
  public CopyRange {
    sourceColumns = List.copyOf(sourceColumns);
    ghostColumns = List.copyOf(ghostColumns);
    keyColumns = List.copyOf(keyColumns);
    copied = List.copyOf(copied);
  }

  /** This range's statement with the given bounds present or not. */
  public CopyRange withBounds(boolean lower, boolean upper) {
    return new CopyRange(
        original,
        ghost,
        sourceColumns,
        ghostColumns,
        keyName,
        keyColumns,
        lower,
        upper,
        hint,
        copied);
  }
}
