package io.ghostflink.operators.sink;

import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.TableSchema;
import java.util.Base64;
import java.util.StringJoiner;
import org.apache.flink.api.java.functions.KeySelector;

/** Routes a change by its row's key, so all changes of one row reach one sink subtask in order. */
public final class RowKeys implements KeySelector<ChangeEvent, String> {
  private static final long serialVersionUID = 1L;

  /**
   * The key of every changelog marker: a row's key is made of base64, '.' and '~' only (an empty
   * key value encodes to the empty string, so "" would not do).
   */
  public static final String MARKER_KEY = "#";

  private final int[][] keyColumns;

  public RowKeys(TableSchema schema) {
    this(java.util.List.of(schema));
  }

  /** The keys of several tables' rows (a move of several tables): "i|" before table i's, i > 0. */
  public RowKeys(java.util.List<TableSchema> schemas) {
    this.keyColumns = new int[schemas.size()][];
    for (int i = 0; i < keyColumns.length; i++) {
      keyColumns[i] = schemas.get(i).keyColumns();
    }
  }

  @Override
  public String getKey(ChangeEvent event) {
    if (event.kind == ChangeEvent.MARKER) {
      return MARKER_KEY; // one subtask records the GTID sets (GhostApplyOperator)
    }
    // the first table's keys are as they always were: savepoints of one table keep their keys
    StringJoiner key = new StringJoiner(".", event.table == 0 ? "" : event.table + "|", "");
    for (int column : keyColumns[event.table]) {
      byte[] v = event.values[column];
      key.add(v == null ? "~" : Base64.getEncoder().withoutPadding().encodeToString(v));
    }
    return key.toString();
  }
}
