package org.apache.flink.cdc.connectors.mysql.source;

import io.debezium.relational.TableId;
import io.debezium.relational.history.TableChanges.TableChange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlBinlogSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitSerializer;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A {@link MySqlSource} on a config factory of ghostflink's ({@code BinlogSourceConfig}, which
 * reads the password where the job runs): {@link MySqlSourceBuilder} only builds on its own
 * factory, and the source's constructor is package-private.
 */
public final class MySqlSources {
  private MySqlSources() {}

  public static <T> MySqlSource<T> of(
      MySqlSourceConfigFactory config, DebeziumDeserializationSchema<T> deserializer) {
    return new NamesKept<>(config, deserializer);
  }

  /** Flink CDC's MySQL source, its splits serialized by {@link TableIdsQuoted}. */
  private static final class NamesKept<T> extends MySqlSource<T> {
    private static final long serialVersionUID = 1L;

    NamesKept(MySqlSourceConfigFactory config, DebeziumDeserializationSchema<T> deserializer) {
      super(config, deserializer);
    }

    @Override
    public SimpleVersionedSerializer<MySqlSplit> getSplitSerializer() {
      return TableIdsQuoted.INSTANCE;
    }
  }

  /**
   * Flink CDC's split serializer, with the names of the tables whose schemas a binlog split holds
   * written so that they read back as the same tables. Flink CDC 3.2 writes each as Debezium's
   * {@code TableId.toString()} ({@code shop eu.order items}, unquoted) and reads it with {@code
   * TableId.parse}, which fails on a space ("Unexpected input: i") and takes a dot for a separator:
   * the binlog reader of a table or database whose name holds one could not be restored from a
   * checkpoint or savepoint (a job restart, a resumed pause). A name that does not read back as
   * itself is written double-quoted (Debezium's {@code toDoubleQuotedString()}), which {@code
   * TableId.parse} unquotes; other names are written as before.
   */
  static final class TableIdsQuoted implements SimpleVersionedSerializer<MySqlSplit> {
    static final TableIdsQuoted INSTANCE = new TableIdsQuoted();

    @Override
    public int getVersion() {
      return MySqlSplitSerializer.INSTANCE.getVersion();
    }

    @Override
    public byte[] serialize(MySqlSplit split) throws IOException {
      return MySqlSplitSerializer.INSTANCE.serialize(quoted(split));
    }

    @Override
    public MySqlSplit deserialize(int version, byte[] serialized) throws IOException {
      return MySqlSplitSerializer.INSTANCE.deserialize(version, serialized);
    }

    private static MySqlSplit quoted(MySqlSplit split) {
      if (!split.isBinlogSplit()
          || split.getTableSchemas().keySet().stream().allMatch(TableIdsQuoted::readsBack)) {
        return split;
      }
      Map<TableId, TableChange> schemas = new LinkedHashMap<>();
      split
          .getTableSchemas()
          .forEach((id, schema) -> schemas.put(readsBack(id) ? id : quoted(id), schema));
      MySqlBinlogSplit b = split.asBinlogSplit();
      return new MySqlBinlogSplit(
          b.splitId(),
          b.getStartingOffset(),
          b.getEndingOffset(),
          b.getFinishedSnapshotSplitInfos(),
          schemas,
          b.getTotalFinishedSplitSize(),
          b.isSuspended());
    }

    static boolean readsBack(TableId id) {
      try {
        // not equals(): a TableId is equal to any other of the same toString()
        TableId read = TableId.parse(id.toString());
        return java.util.Objects.equals(read.catalog(), id.catalog())
            && java.util.Objects.equals(read.schema(), id.schema())
            && read.table().equals(id.table());
      } catch (IllegalArgumentException unreadable) {
        return false;
      }
    }

    /** A table id whose {@code toString()} is {@code id}'s double-quoted form. */
    static TableId quoted(TableId id) {
      return new TableId(quote(id.catalog()), quote(id.schema()), quote(id.table()));
    }

    private static String quote(String part) {
      return part == null ? null : '"' + part.replace("\"", "\"\"") + '"';
    }
  }
}
