package io.ghostflink.controller.verify;

import io.ghostflink.operators.jdbc.PacketBudget;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.EnumeratedValues;
import io.ghostflink.operators.model.NumberText;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.KeyRanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one key range of the original on its server into the table on another server, as the
 * stream copy does (read, then multi-row {@code INSERT IGNORE}): the checksum's re-copy for a move,
 * where MySQL cannot copy across servers itself. The comparison that follows every re-copy is what
 * proves it.
 */
public final class RowTransfer {
  private static final int ROWS_PER_STATEMENT = 500;

  private final CopyRange copy;
  private final List<Column> keyTypes;
  private final List<Column> sourceTypes;
  private final List<String> valueExpressions = new ArrayList<>();
  // ENUM and SET columns the ALTER makes numbers, FLOAT and DOUBLE columns it makes strings or JSON
  private final List<List<String>> numbered;
  private final NumberText[] texted;

  /**
   * @param copy the range's columns and tables (its bounds are ignored)
   * @param keyTypes the key's columns, in key order
   * @param schema the original's columns
   * @param mapping which original column each ghost column takes, and how it is written
   */
  public RowTransfer(
      CopyRange copy, List<Column> keyTypes, TableSchema schema, ColumnMapping mapping) {
    this.copy = copy;
    this.keyTypes = List.copyOf(keyTypes);
    List<Column> sources = new ArrayList<>();
    int[] columns = mapping.sourceColumns();
    for (int i = 0; i < columns.length; i++) {
      sources.add(schema.columns().get(columns[i]));
      valueExpressions.add(mapping.valueExpression(i));
    }
    this.sourceTypes = List.copyOf(sources);
    this.numbered = EnumeratedValues.numbered(mapping, sourceTypes);
    this.texted = NumberText.texted(mapping, sourceTypes);
  }

  /** Copies the range ({@code key > lower AND key <= upper}, null: no bound); returns rows read. */
  public long copy(Connection source, Connection target, byte[][] lower, byte[][] upper)
      throws SQLException {
    PacketBudget budget = PacketBudget.of(target);
    long read = 0;
    List<byte[][]> rows = new ArrayList<>();
    long bytes = 0;
    try (PreparedStatement ps =
        source.prepareStatement(
            GhostDml.readRange(copy.withBounds(lower != null, upper != null), sourceTypes))) {
      KeyRanges.bindBound(ps, KeyRanges.bindBound(ps, 1, lower, keyTypes), upper, keyTypes);
      ps.setFetchSize(Integer.MIN_VALUE); // stream the rows rather than buffer the result
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[][] values = new byte[sourceTypes.size()][];
          for (int i = 0; i < values.length; i++) {
            values[i] = ColumnValues.read(rs, keyTypes.size() + 1 + i, sourceTypes.get(i));
          }
          EnumeratedValues.number(numbered, sourceTypes, values);
          NumberText.text(texted, values);
          rows.add(values);
          read++;
          bytes += PacketBudget.size(values);
          if (budget.full(bytes)) {
            budget.writeAll(rows, ROWS_PER_STATEMENT, PacketBudget::size, r -> insert(target, r));
            rows.clear();
            bytes = 0;
          }
        }
      }
    }
    budget.writeAll(rows, ROWS_PER_STATEMENT, PacketBudget::size, r -> insert(target, r));
    return read;
  }

  private long insert(Connection target, List<byte[][]> rows) throws SQLException {
    try (PreparedStatement ps =
        target.prepareStatement(
            GhostDml.insertIgnore(
                copy.ghost(), copy.ghostColumns(), valueExpressions, rows.size(), copy.hint()))) {
      int p = 1;
      for (byte[][] row : rows) {
        for (int i = 0; i < row.length; i++) {
          ColumnValues.bind(ps, p++, row[i], sourceTypes.get(i));
        }
      }
      return ps.executeUpdate();
    }
  }
}
