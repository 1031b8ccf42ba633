package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.List;

/**
 * Which original column fills each ghost column: shared columns by name, renamed columns by the
 * ALTER's {@code CHANGE old new}; ghost columns without a source take their defaults and are not
 * listed; generated columns are never written.
 *
 * @param ghostColumns the ghost table's written columns
 * @param sourceColumns for each ghost column, its original column's position in the original
 *     table's {@link TableSchema#columns()}
 */
public record ColumnMapping(List<String> ghostColumns, int[] sourceColumns)
    implements Serializable {
  public ColumnMapping {
    ghostColumns = List.copyOf(ghostColumns);
    sourceColumns = sourceColumns.clone();
    if (ghostColumns.size() != sourceColumns.length) {
      throw new IllegalArgumentException("one source column per ghost column");
    }
  }

  @Override
  public int[] sourceColumns() {
    return sourceColumns.clone();
  }

  /** The ghost row's values, in {@link #ghostColumns()} order, from an original row. */
  public byte[][] map(byte[][] originalRow) {
    byte[][] ghost = new byte[sourceColumns.length][];
    for (int i = 0; i < sourceColumns.length; i++) {
      ghost[i] = originalRow[sourceColumns[i]];
    }
    return ghost;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnMapping
        && ((ColumnMapping) o).ghostColumns.equals(ghostColumns)
        && java.util.Arrays.equals(((ColumnMapping) o).sourceColumns, sourceColumns);
  }

  @Override
  public int hashCode() {
    return ghostColumns.hashCode() * 31 + java.util.Arrays.hashCode(sourceColumns);
  }
}
