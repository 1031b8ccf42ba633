package io.debezium.connector.mysql;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.ghostflink.operators.source.BinlogTemporals;
import java.io.IOException;
import java.io.Serializable;
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

  /** WRITE_ROWS events. */
  public static class WriteRowsDeserializer extends WriteRowsEventDataDeserializer {
    public WriteRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
      super(tableMapEventByTableId);
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
    public UpdateRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
      super(tableMapEventByTableId);
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
    public DeleteRowsDeserializer(Map<Long, TableMapEventData> tableMapEventByTableId) {
      super(tableMapEventByTableId);
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
