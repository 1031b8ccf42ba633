package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /** The schema of {@code columns} with {@code key} as its row key. */
  public static TableSchema of(List<Column> columns, UniqueKey key) {
    int[] positions = new int[key.parts().size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = Column.indexOf(columns, key.parts().get(i).column());
    }
    return new TableSchema(columns, key.name(), positions);
  }

  /**
   * The keys that can identify rows: unique keys over whole columns that are all NOT NULL, in the
   * order given (PRIMARY first).
   */
  public static List<UniqueKey> usableKeys(List<Column> columns, List<UniqueKey> keys) {
    List<UniqueKey> usable = new ArrayList<>();
    for (UniqueKey key : keys) {
      boolean ok = key.wholeColumns();
      for (UniqueKey.Part part : key.parts()) {
        int i = Column.indexOf(columns, part.column());
        ok &= i >= 0 && !columns.get(i).nullable();
      }
      if (ok) {
        usable.add(key);
      }
    }
    return usable;
  }

  /** The primary key, else the first unique key over whole NOT NULL columns. */
  public static Optional<UniqueKey> defaultKey(List<Column> columns, List<UniqueKey> keys) {
    return usableKeys(columns, keys).stream().findFirst();
  }

  /** The row key as a unique key over its columns. */
  public UniqueKey key() {
    List<String> names = new ArrayList<>();
    keyColumnList().forEach(c -> names.add(c.name()));
    return UniqueKey.of(keyName, names);
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
