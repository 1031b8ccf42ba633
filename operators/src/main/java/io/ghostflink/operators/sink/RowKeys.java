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

  private final int[] keyColumns;

  public RowKeys(TableSchema schema) {
    this.keyColumns = schema.keyColumns();
  }

  @Override
  public String getKey(ChangeEvent event) {
    if (event.kind == ChangeEvent.MARKER) {
      return MARKER_KEY; // one subtask records the GTID sets (GhostApplyOperator)
    }
    StringJoiner key = new StringJoiner(".");
    for (int column : keyColumns) {
      byte[] v = event.values[column];
      key.add(v == null ? "~" : Base64.getEncoder().withoutPadding().encodeToString(v));
    }
    return key.toString();
  }
}
