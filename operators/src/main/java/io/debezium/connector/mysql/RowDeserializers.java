package io.debezium.connector.mysql;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.ghostflink.operators.source.BinlogTables;
import io.ghostflink.operators.source.BinlogTemporals;
import io.ghostflink.operators.source.UnusableRowEventException;
import java.io.IOException;
import java.io.Serializable;
import java.util.BitSet;
import java.util.Map;

/**
 * ghostflink's replacement for Debezium 1.9's class of this name, which Flink CDC's binlog reader
 * instantiates by name: the row-event deserializers, with temporal cells decoded by {@link
 * BinlogTemporals} so that zero dates, the year 0000 and negative TIME values arrive exactly. It
 * must come before debezium-connector-mysql on the class path (Flink CDC's own patched Debezium
 * classes rely on the same order); {@code BinlogDecoding.requireExact()} checks it at job start.
 */
public final class RowDeserializers {
  /** Read by {@code BinlogDecoding} to tell this class from Debezium's. */
  public static final String GHOSTFLINK = "exact temporals";

  private RowDeserializers() {}

  /**
   * Skips the rows of a table no job here reads ({@link BinlogTables}: the ghost tables): a row
   * event's first row takes the rest of the event's bytes undecoded, and it and every further "row"
   * of the event are empty. Debezium drops the rows of a table it does not read by their table
   * alone, without looking at them.
   */
  static final class Undecoded {
    static final Serializable[] NO_CELLS = new Serializable[0];

    private final Map<Long, TableMapEventData> tables;
    // the table map of the event being read, and the decisions for it (one per event)
    private TableMapEventData last;
    private boolean lastSkipped;
    private boolean lastRead;

    Undecoded(Map<Long, TableMapEventData> tables) {
      this.tables = tables;
    }

    boolean skipped(long tableId, ByteArrayInputStream in) throws IOException {
      TableMapEventData table = tables.get(tableId);
      if (table == null) {
        last = null;
        return false; // the library's own error follows
      }
      if (table != last) {
        last = table;
        lastSkipped = BinlogTables.undecoded(table.getDatabase(), table.getTable());
        lastRead = BinlogTables.isRead(table.getDatabase(), table.getTable());
      }
      if (lastSkipped) {
        // within the event's block: available() is what is left of the event
        long left = in.available();
        while (left > 0) {
          long n = in.skip(left);
          if (n <= 0) {
            throw new java.io.EOFException("the binlog ended inside a row event");
          }
          left -= n;
        }
      }
      return lastSkipped;
    }

    /**
     * Refuses a row image without every column of a table a job reads: a session that writes with
     * {@code binlog_row_image = MINIMAL} or {@code NOBLOB} logs only some, and the missing ones
     * would be written as NULL. Debezium failed such a row anyway, restart after restart, saying
     * its schema was out of sync with the database's. Called after {@link #skipped} for the same
     * row, whose table and decisions it reuses: nothing is looked up per row.
     */
    void requireFullImage(BitSet includedColumns) throws IOException {
      TableMapEventData table = last;
      if (table == null || !lastRead) {
        return;
      }
      int columns = table.getColumnTypes().length;
      if (includedColumns.cardinality() < columns) {
        throw new UnusableRowEventException(
            "a row change of "
                + table.getDatabase()
                + "."
                + table.getTable()
                + " in the binlog holds "
                + includedColumns.cardinality()
                + " of its "
                + columns
                + " columns: a session writes with binlog_row_image = MINIMAL or NOBLOB, and"
                + " ghostflink needs whole rows; have the application's sessions keep FULL (SET"
                + " SESSION binlog_row_image = FULL) and start over with"
                + " --initially-drop-ghost-table");
      }
    }
  }

  /** WRITE_ROWS events. */
  public static class WriteRowsDeserializer extends WriteRowsEventDataDeserializer {
    private final Undecoded undecoded;

    public WriteRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
      super(tableMapEventByTableId);
      undecoded = new Undecoded(tableMapEventByTableId);
    }

    @Override
    protected Serializable[] deserializeRow(
        long tableId, BitSet includedColumns, ByteArrayInputStream in) throws IOException {
      if (undecoded.skipped(tableId, in)) {
        return Undecoded.NO_CELLS;
      }
      undecoded.requireFullImage(includedColumns);
      return super.deserializeRow(tableId, includedColumns, in);
    }

    @Override
    protected Serializable deserializeString(int length, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.string(length, in);
    }

    @Override
    protected Serializable deserializeVarString(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.varString(meta, in);
    }

    @Override
    protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.date(in);
    }

    @Override
    protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.datetime(in);
    }

    @Override
    protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.datetimeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.time(in);
    }

    @Override
    protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.timeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.timestamp(in);
    }

    @Override
    protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.timestampV2(meta, in);
    }

    @Override
    protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.year(in);
    }
  }

  /** UPDATE_ROWS events. */
  public static class UpdateRowsDeserializer extends UpdateRowsEventDataDeserializer {
    private final Undecoded undecoded;

    public UpdateRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
      super(tableMapEventByTableId);
      undecoded = new Undecoded(tableMapEventByTableId);
    }

    @Override
    protected Serializable[] deserializeRow(
        long tableId, BitSet includedColumns, ByteArrayInputStream in) throws IOException {
      if (undecoded.skipped(tableId, in)) {
        return Undecoded.NO_CELLS;
      }
      undecoded.requireFullImage(includedColumns);
      return super.deserializeRow(tableId, includedColumns, in);
    }

    @Override
    protected Serializable deserializeString(int length, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.string(length, in);
    }

    @Override
    protected Serializable deserializeVarString(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.varString(meta, in);
    }

    @Override
    protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.date(in);
    }

    @Override
    protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.datetime(in);
    }

    @Override
    protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.datetimeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.time(in);
    }

    @Override
    protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.timeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.timestamp(in);
    }

    @Override
    protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.timestampV2(meta, in);
    }

    @Override
    protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.year(in);
    }
  }

  /** DELETE_ROWS events. */
  public static class DeleteRowsDeserializer extends DeleteRowsEventDataDeserializer {
    private final Undecoded undecoded;

    public DeleteRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
      super(tableMapEventByTableId);
      undecoded = new Undecoded(tableMapEventByTableId);
    }

    @Override
    protected Serializable[] deserializeRow(
        long tableId, BitSet includedColumns, ByteArrayInputStream in) throws IOException {
      if (undecoded.skipped(tableId, in)) {
        return Undecoded.NO_CELLS;
      }
      undecoded.requireFullImage(includedColumns);
      return super.deserializeRow(tableId, includedColumns, in);
    }

    @Override
    protected Serializable deserializeString(int length, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.string(length, in);
    }

    @Override
    protected Serializable deserializeVarString(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.varString(meta, in);
    }

    @Override
    protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.date(in);
    }

    @Override
    protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.datetime(in);
    }

    @Override
    protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.datetimeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTime(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.time(in);
    }

    @Override
    protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.timeV2(meta, in);
    }

    @Override
    protected Serializable deserializeTimestamp(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.timestamp(in);
    }

    @Override
    protected Serializable deserializeTimestampV2(int meta, ByteArrayInputStream in)
        throws IOException {
      return BinlogTemporals.timestampV2(meta, in);
    }

    @Override
    protected Serializable deserializeYear(ByteArrayInputStream in) throws IOException {
      return BinlogTemporals.year(in);
    }
  }
}
