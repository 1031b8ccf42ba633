package io.ghostflink.operators.source;

import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.ChangelogSql;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns Flink CDC's binlog records of the original table into {@link ChangeEvent}s, and records of
 * the changelog table (heartbeats, sentinel) into markers that carry their binlog position, which
 * moves the watermark while the original table is idle, and the GTID set completed before them,
 * which tells the controller which source transactions the applied point covers.
 *
 * <p>An update that changes the key becomes a delete of the old key and an upsert of the new one,
 * each routed by its own key. (Debezium already splits primary-key updates this way; updates of a
 * unique key used in its place arrive whole and are split here.)
 */
public class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {
  private static final long serialVersionUID = 1L;

  private final String database;
  private final List<String> tables;
  private final String changelogTable;
  private final List<TableSchema> schemas;
  private final List<TableRef> written;
  private transient boolean decodingChecked;

  /**
   * The changes of the tables of one database (several for a move of several tables): each event
   * carries its table's index in {@code tables} ({@link ChangeEvent#table}). {@code written} are
   * the tables the job writes (its ghost tables), whose rows are never decoded ({@link
   * BinlogTables}).
   */
  public ChangeEventDeserializer(
      String database,
      List<String> tables,
      String changelogTable,
      List<TableSchema> schemas,
      List<TableRef> written) {
    this.database = database;
    this.tables = List.copyOf(tables);
    this.changelogTable = changelogTable;
    this.schemas = List.copyOf(schemas);
    this.written = List.copyOf(written);
    register();
  }

  // in the task manager, before the source that holds this deserializer reads
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    register();
  }

  private void register() {
    // read first: a table this job reads is decoded even while it is being registered
    tables.forEach(t -> BinlogTables.read(database, t));
    BinlogTables.read(database, changelogTable);
    written.forEach(t -> BinlogTables.written(t.database(), t.table()));
  }

  @Override
  public void deserialize(SourceRecord record, Collector<ChangeEvent> out) {
    if (!decodingChecked) {
      BinlogDecoding.requireExact();
      decodingChecked = true;
    }
    if (!(record.value() instanceof Struct)) {
      return;
    }
    Struct value = (Struct) record.value();
    if (value.schema().field("op") == null || value.schema().field("source") == null) {
      return; // schema change and transaction metadata records
    }
    Struct source = value.getStruct("source");
    if (!database.equals(source.getString("db"))) {
      return;
    }
    String table = source.getString("table");
    Map<String, ?> offset = record.sourceOffset();
    long position = transactionStart(offset);
    String gtid = source.schema().field("gtid") == null ? "" : source.getString("gtid");
    if (changelogTable.equals(table)) {
      Object gtids = offset.get("gtids");
      out.collect(
          changelogEvent(
              value.getStruct("after"), position, gtid, gtids == null ? "" : gtids.toString()));
      return;
    }
    int index = tables.indexOf(table);
    if (index < 0) {
      return;
    }
    TableSchema schema = schemas.get(index);
    String op = value.getString("op");
    switch (op) {
      case "c":
      case "r":
        out.collect(
            ChangeEvent.upsert(position, gtid, row(index, value.getStruct("after")))
                .ofTable(index));
        break;
      case "d":
        out.collect(
            ChangeEvent.delete(position, gtid, row(index, value.getStruct("before")))
                .ofTable(index));
        break;
      case "u":
        byte[][] before = row(index, value.getStruct("before"));
        byte[][] after = row(index, value.getStruct("after"));
        if (!Arrays.deepEquals(schema.keyOf(before), schema.keyOf(after))) {
          out.collect(ChangeEvent.delete(position, gtid, before).ofTable(index));
        }
        out.collect(ChangeEvent.upsert(position, gtid, after).ofTable(index));
        break;
      default:
        throw new IllegalStateException("unknown change operation '" + op + "' on " + table);
    }
  }

  // a copy mark ("low <token> [<lower> <upper>]", "high <token>", "done <run>"), else a marker that
  // moves the
  // watermark
  private static ChangeEvent changelogEvent(
      Struct after, long position, String gtid, String gtidsBefore) {
    if (after != null
        && after.schema().field("hint") != null
        && String.valueOf(after.getWithoutDefault("hint")).startsWith(ChangelogSql.COPY_MARK)) {
      String mark = String.valueOf(after.getWithoutDefault("value"));
      int space = mark.indexOf(' ');
      byte kind =
          switch (mark.substring(0, Math.max(0, space))) {
            case "low" -> ChangeEvent.COPY_LOW;
            case "high" -> ChangeEvent.COPY_HIGH;
            case "done" -> ChangeEvent.COPY_DONE;
            default -> ChangeEvent.MARKER;
          };
      if (kind == ChangeEvent.COPY_LOW) {
        // "low <token>", or "low <token> <lower> <upper>" with the chunk's range
        String[] parts = mark.split(" ");
        return parts.length == 4
            ? ChangeEvent.lowMark(position, gtid, parts[1], parts[2], parts[3])
            : ChangeEvent.copyMark(position, gtid, kind, mark.substring(space + 1));
      }
      if (kind != ChangeEvent.MARKER) {
        return ChangeEvent.copyMark(position, gtid, kind, mark.substring(space + 1));
      }
    }
    return ChangeEvent.marker(position, gtid, gtidsBefore);
  }

  // The offset's file/pos point at the start of the record's transaction (shared by its rows).
  private static long transactionStart(Map<String, ?> offset) {
    Object file = offset.get("file");
    Object pos = offset.get("pos");
    if (file == null || pos == null) {
      throw new IllegalStateException("binlog record without file/pos offset: " + offset);
    }
    return BinlogPosition.encode(file.toString(), Long.parseLong(pos.toString()));
  }

  private byte[][] row(int index, Struct image) {
    List<io.ghostflink.operators.model.Column> columns = schemas.get(index).columns();
    byte[][] row = new byte[columns.size()][];
    for (int i = 0; i < columns.size(); i++) {
      Field field = field(image, columns.get(i).name());
      if (field == null) {
        throw new IllegalStateException(
            "binlog row of "
                + tables.get(index)
                + " has no column "
                + columns.get(i).name()
                + "; was the table altered during the migration?");
      }
      // not get(): a Struct answers a NULL with the field's default, which Debezium sets from the
      // column's DEFAULT (and to the epoch for DEFAULT CURRENT_TIMESTAMP)
      row[i] =
          ValueEncoder.encode(
              columns.get(i), field.schema(), image.getWithoutDefault(field.name()));
    }
    return row;
  }

  /**
   * The binlog image's field of the column named {@code name}. Debezium names a column as its DDL
   * parser reads it, which keeps a backtick in a name doubled: the column {@code `x``y`}, named
   * {@code x`y} by MySQL, is the field {@code x``y}.
   */
  static Field field(Struct image, String name) {
    Field field = image.schema().field(name);
    return field != null || name.indexOf('`') < 0
        ? field
        : image.schema().field(name.replace("`", "``"));
  }

  @Override
  public TypeInformation<ChangeEvent> getProducedType() {
    return TypeInformation.of(ChangeEvent.class);
  }
}
