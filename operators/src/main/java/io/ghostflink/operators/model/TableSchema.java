package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a table in ordinal order and the key that identifies its rows (the primary key, or
 * a NOT NULL unique key).
 *
 * @param keyName the index name of the key ({@code PRIMARY} for the primary key)
 * @param keyColumns positions in {@code columns} of the key's columns, in index order
 */
public record TableSchema(List<Column> columns, String keyName, int[] keyColumns)
    implements Serializable {

  public TableSchema {
    columns = List.copyOf(columns);
    keyColumns = keyColumns.clone();
    for (int i : keyColumns) {
      if (i < 0 || i >= columns.size()) {
        throw new IllegalArgumentException("key column index out of range: " + i);
      }
    }
  }

  public int indexOf(String column) {
    return Column.indexOf(columns, column);
  }

  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    columns.forEach(c -> names.add(c.name()));
    return names;
  }

  public List<Column> keyColumnList() {
    List<Column> key = new ArrayList<>(keyColumns.length);
    for (int i : keyColumns) {
      key.add(columns.get(i));
    }
    return key;
  }

  @Override
  public int[] keyColumns() {
    return keyColumns.clone();
  }

  /** The key values of a row given in this table's column order. */
  public byte[][] keyOf(byte[][] row) {
    byte[][] key = new byte[keyColumns.length][];
    for (int i = 0; i < keyColumns.length; i++) {
      key[i] = row[keyColumns[i]];
    }
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableSchema
        && ((TableSchema) o).columns.equals(columns)
        && ((TableSchema) o).keyName.equals(keyName)
        && java.util.Arrays.equals(((TableSchema) o).keyColumns, keyColumns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + java.util.Arrays.hashCode(keyColumns);
  }
}
