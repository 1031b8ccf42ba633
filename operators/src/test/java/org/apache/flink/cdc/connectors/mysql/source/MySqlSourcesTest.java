package org.apache.flink.cdc.connectors.mysql.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.relational.history.TableChanges.TableChange;
import io.debezium.relational.history.TableChanges.TableChangeType;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlBinlogSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

class MySqlSourcesTest {
  private static final List<TableId> TABLES =
      List.of(
          new TableId("shop eu", null, "order items"),
          new TableId("shop", null, "orders.2024"),
          new TableId("shop", null, "say \"hi\" `there`"),
          new TableId("shop", null, "plain_name$1"));

  @Test
  void aBinlogSplitReadsBackWithTheTablesItWasWrittenWith() throws Exception {
    SimpleVersionedSerializer<MySqlSplit> serializer =
        new MySqlSource<>(null, null).getSplitSerializer();
    SimpleVersionedSerializer<MySqlSplit> ours = MySqlSources.of(null, null).getSplitSerializer();
    MySqlBinlogSplit split = split();

    MySqlSplit read = ours.deserialize(ours.getVersion(), ours.serialize(split));

    assertThat(read.getTableSchemas()).hasSameSizeAs(TABLES);
    read.getTableSchemas()
        .forEach(
            (id, change) -> {
              // every part, not equals(): a TableId equals any other of the same toString()
              assertThat(List.of(id.catalog(), id.table()))
                  .isIn(TABLES.stream().map(t -> List.of(t.catalog(), t.table())).toList());
              assertThat(id.schema()).isNull();
              assertThat(change.getId()).isEqualTo(id);
              assertThat(change.getTable().columnWithName("id")).isNotNull();
            });
    assertThat(read.asBinlogSplit().getStartingOffset()).isEqualTo(split.getStartingOffset());
    // Flink CDC's own serializer cannot read its own output back for such names
    assertThat(serializer).isSameAs(MySqlSplitSerializer.INSTANCE);
    assertThatThrownBy(
            () -> serializer.deserialize(serializer.getVersion(), serializer.serialize(split())))
        .hasMessageContaining("Unexpected input");
  }

  @Test
  void onlyNamesThatDoNotReadBackAreQuoted() {
    assertThat(MySqlSources.TableIdsQuoted.readsBack(TABLES.get(3))).isTrue();
    assertThat(TABLES.subList(0, 3)).noneMatch(MySqlSources.TableIdsQuoted::readsBack);
    assertThat(MySqlSources.TableIdsQuoted.quoted(TABLES.get(2)).toString())
        .isEqualTo("\"shop\".\"say \"\"hi\"\" `there`\"");
  }

  private static MySqlBinlogSplit split() {
    Map<TableId, TableChange> schemas = new LinkedHashMap<>();
    for (TableId id : TABLES) {
      Table table =
          Table.editor()
              .tableId(id)
              .addColumn(Column.editor().name("id").type("INT").jdbcType(Types.INTEGER).create())
              .setPrimaryKeyNames("id")
              .create();
      schemas.put(id, new TableChange(TableChangeType.CREATE, table));
    }
    return new MySqlBinlogSplit(
        "binlog-split",
        BinlogOffset.ofBinlogFilePosition("binlog.000001", 4),
        BinlogOffset.ofNonStopping(),
        List.of(),
        schemas,
        0);
  }
}
