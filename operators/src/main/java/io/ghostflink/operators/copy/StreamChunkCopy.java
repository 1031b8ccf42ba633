package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.EnumErrorValues;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.PacketBudget;
import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.EnumeratedValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.NumberText;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.RecheckSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job reads the chunk (a consistent {@code SELECT} on the original's server) and writes its
 * rows into the ghost table with multi-row {@code INSERT IGNORE}s, on the ghost's server, which may
 * be another one. The per-row work (decode, map, encode) runs in Flink. Every warning is read; a
 * refused row is named from the statement's "at row N", or by writing its statement again row by
 * row.
 */
final class StreamChunkCopy extends ChunkCopy {
  private static final Logger LOG = LoggerFactory.getLogger(StreamChunkCopy.class);
  private static final int ROWS_PER_STATEMENT = 500;

  private final List<Column> sourceTypes = new ArrayList<>();
  private final List<String> valueExpressions = new ArrayList<>();
  // ENUM and SET columns the ALTER makes numbers, written as the numbers MySQL stores
  private final List<List<String>> numbered;
  // FLOAT and DOUBLE columns the ALTER makes strings or JSON, written as MySQL's text of them
  private final NumberText[] texted;
  private final EnumErrorValues errorValues;
  private Connection target;
  private PacketBudget budget;
  // the statement of a full batch, parsed by the driver once: re-parsing a 500-row INSERT for
  // every batch was a third of the copy thread's CPU
  private PreparedStatement fullBatch;

  StreamChunkCopy(CopySpec spec) {
    super(spec);
    int[] sources = spec.mapping().sourceColumns();
    for (int i = 0; i < sources.length; i++) {
      sourceTypes.add(spec.schema().columns().get(sources[i]));
      valueExpressions.add(spec.mapping().valueExpression(i));
    }
    numbered = EnumeratedValues.numbered(spec.mapping(), sourceTypes);
    texted = NumberText.texted(spec.mapping(), sourceTypes);
    errorValues = new EnumErrorValues(spec.mapping().ghostColumns(), sourceTypes, numbered);
  }

  @Override
  public void open() throws SQLException {
    super.open();
    target = Connections.open(spec.target(), spec.ghost().database());
    target.setAutoCommit(false);
    budget = PacketBudget.of(target);
  }

  /** One row read: its key and its values in the mapping's order. */
  private record Row(byte[][] key, byte[][] values) {}

  @Override
  protected long copyBetweenMarks(Chunk chunk, String highMark) throws SQLException {
    long read = 0; // counted as the server-side copy counts: rows read, whether new or not
    List<Row> rows = new ArrayList<>();
    long bytes = 0;
    try (PreparedStatement ps =
        source.prepareStatement(
            GhostDml.readRange(range(chunk.lower(), chunk.upper()), sourceTypes))) {
      bindBound(ps, bindBound(ps, 1, chunk.lower()), chunk.upper());
      ps.setFetchSize(Integer.MIN_VALUE); // stream the rows rather than buffer the result
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[][] key = ColumnValues.readKey(rs, 1, keyColumns);
          byte[][] values = new byte[sourceTypes.size()][];
          for (int i = 0; i < values.length; i++) {
            values[i] = ColumnValues.read(rs, keyColumns.size() + 1 + i, sourceTypes.get(i));
          }
          EnumeratedValues.number(numbered, sourceTypes, values);
          NumberText.text(texted, values);
          rows.add(new Row(key, values));
          bytes += PacketBudget.size(values);
          if (budget.full(bytes)) {
            // wide rows: write what was read so far rather than hold the whole chunk in memory;
            // the marks' argument holds, the rows are committed before the high mark all the same
            writeAll(rows);
            read += rows.size();
            rows.clear();
            bytes = 0;
          }
        }
      }
    }
    source.commit(); // the read view ends here
    try {
      spec.hook().afterRead(chunk.id());
    } catch (Exception e) {
      throw new SQLException("copy hook: " + e.getMessage(), e);
    }
    writeAll(rows);
    read += rows.size();
    target.commit();
    mark(highMark); // the rows were written on another session, maybe another server
    return read;
  }

  /** Writes rows in statements of at most {@link #ROWS_PER_STATEMENT} rows and the budget. */
  private long writeAll(List<Row> rows) throws SQLException {
    return budget.writeAll(
        rows, ROWS_PER_STATEMENT, r -> PacketBudget.size(r.values()), this::write);
  }

  /** Writes rows in one statement (or, to name a refused row, one at a time). */
  private long write(List<Row> rows) throws SQLException {
    Savepoint before = target.setSavepoint();
    long inserted;
    Warnings.Seen seen;
    boolean full = rows.size() == ROWS_PER_STATEMENT;
    PreparedStatement ps = full ? fullBatch() : insertIgnore(rows.size());
    try {
      int p = 1;
      for (Row row : rows) {
        for (int i = 0; i < row.values().length; i++) {
          ColumnValues.bind(ps, p++, row.values()[i], sourceTypes.get(i));
        }
      }
      ps.clearWarnings();
      inserted = ps.executeUpdate();
      seen = Warnings.of(target, ps);
    } catch (SQLException e) {
      if (!MysqlErrors.isDataError(e)) {
        throw e;
      }
      seen =
          new Warnings.Seen(List.of(new Warnings.Warning(e.getErrorCode(), e.getMessage())), true);
      inserted = 0;
    } finally {
      if (!full) {
        ps.close();
      }
    }
    boolean keptOut = false;
    // the rows' values, for telling an ENUM's error value from other warnings: only if any
    List<byte[][]> values =
        seen.warnings().isEmpty() ? List.of() : rows.stream().map(Row::values).toList();
    for (Warnings.Warning w : seen.warnings()) {
      if (errorValues.stored(w, values)) {
        continue; // an ENUM's error value, stored as MySQL's ALTER keeps it
      }
      GhostKey.Conflict conflict = conflictOf(w);
      if (conflict == GhostKey.Conflict.NUMBERED) {
        target.rollback();
        throw numberingRace(w);
      }
      if (conflict == GhostKey.Conflict.UNKNOWN) {
        if (rows.size() > 1 && w.row().isEmpty()) {
          target.rollback(before);
          return writeOneByOne(rows);
        }
        int n = rows.size() == 1 ? 1 : w.row().getAsInt();
        target.rollback();
        throw refused("row " + describe(rows.get(Math.min(n, rows.size()) - 1).key()), w);
      }
      keptOut |= conflict == GhostKey.Conflict.RISKY;
    }
    if (!seen.complete() && rows.size() > 1) {
      target.rollback(before);
      return writeOneByOne(rows);
    }
    if (keptOut) {
      listKeptOut(rows);
    }
    return inserted;
  }

  private PreparedStatement fullBatch() throws SQLException {
    if (fullBatch == null) {
      fullBatch = insertIgnore(ROWS_PER_STATEMENT);
    }
    return fullBatch;
  }

  private PreparedStatement insertIgnore(int rows) throws SQLException {
    return target.prepareStatement(
        GhostDml.insertIgnore(
            spec.ghost(),
            spec.mapping().ghostColumns(),
            valueExpressions,
            rows,
            spec.target().zoneHint()));
  }

  private long writeOneByOne(List<Row> rows) throws SQLException {
    long inserted = 0;
    for (Row row : rows) {
      inserted += write(List.of(row));
    }
    return inserted;
  }

  // a risky unique key kept rows out: list those missing from the ghost table for the recheck
  private void listKeptOut(List<Row> rows) throws SQLException {
    List<byte[][]> present = new ArrayList<>();
    try (PreparedStatement ps =
        target.prepareStatement(
            RecheckSql.present(
                spec.ghost(),
                spec.ghostKey().columns(),
                keyColumns,
                spec.mapping().ghostKeyPlaceholders(spec.schema()),
                rows.size()))) {
      int p = 1;
      for (Row row : rows) {
        p = ColumnValues.bindKey(ps, p, row.key(), keyColumns);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          present.add(ColumnValues.readKey(rs, 1, keyColumns));
        }
      }
    }
    int listed = 0;
    try (PreparedStatement ps =
        target.prepareStatement(RecheckSql.list(spec.recheck(), keyColumns))) {
      for (Row row : rows) {
        if (present.stream().noneMatch(k -> Arrays.deepEquals(k, row.key()))) {
          ColumnValues.bindKey(ps, 1, row.key(), keyColumns);
          ps.addBatch();
          listed++;
        }
      }
      ps.executeBatch();
    }
    LOG.info(
        "Row copy: a unique key the original does not guarantee kept {} rows out of {}; listed"
            + " for a recheck",
        listed,
        spec.ghost());
  }

  @Override
  protected void rollbackQuietly() {
    super.rollbackQuietly();
    rollbackQuietly(target);
  }

  @Override
  public void close() {
    super.close();
    fullBatch = null; // closed with its connection
    Connections.closeQuietly(target);
  }
}
