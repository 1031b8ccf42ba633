package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.relational.TableId;
import io.debezium.relational.Tables.TableFilter;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binlog reader reads exactly the tables it is given, whatever characters their names hold:
 * Flink CDC and Debezium take the names as regular expressions.
 */
class BinlogSourceConfigTest {
  private static TableFilter filter(String database, String... tables) {
    BinlogSourceConfig config =
        new BinlogSourceConfig(new ServerAddress("127.0.0.1", 3306, "u", "env:NOT_SET"));
    config.tables(
        database, java.util.Arrays.stream(tables).map(t -> new TableRef(database, t)).toList());
    config.serverId("5400");
    return config.createConfig(0).getTableFilters().dataCollectionFilter();
  }

  private static boolean reads(TableFilter filter, String database, String table) {
    return filter.isIncluded(new TableId(database, null, table));
  }

  @Test
  void namesWithPatternCharactersMatchThemselvesOnly() {
    List<String> names =
        List.of("order$items", "a,b", "x.y", "Weird Name", "tab`tick", "(p)+[q]*?^|{2}\\", "ünï😀");
    TableFilter filter = filter("shop-eu.v2", names.toArray(String[]::new));
    for (String name : names) {
      assertThat(reads(filter, "shop-eu.v2", name)).as(name).isTrue();
    }
    assertThat(reads(filter, "shop-eu.v2", "order")).isFalse();
    assertThat(reads(filter, "shop-eu.v2", "a")).isFalse();
    assertThat(reads(filter, "shop-eu.v2", "b")).isFalse();
    assertThat(reads(filter, "shop-eu.v2", "xzy")).isFalse();
    assertThat(reads(filter, "shop-eu.v2", "p")).isFalse();
    assertThat(reads(filter, "shop-euxv2", "x.y")).isFalse();
    assertThat(reads(filter, "shop", "x.y")).isFalse();
  }

  @Test
  void theBinlogReaderAndFlinkCdcsPoolUseTheTlsOfEveryOtherSession() {
    BinlogSourceConfig config =
        new BinlogSourceConfig(
            new ServerAddress("127.0.0.1", 3306, "u", "env:NOT_SET")
                .withTls(io.ghostflink.operators.jdbc.Tls.of("REQUIRED", null)));
    config.tables("shop", List.of(new TableRef("shop", "t")));
    config.serverId("5400");
    config.debeziumProperties(new java.util.Properties()); // as the job sets its own
    var made = config.createConfig(0);
    assertThat(made.getDbzProperties())
        .containsEntry("database.ssl.mode", "required")
        .containsKey(BinlogSourceConfig.ON_CONNECT);
    assertThat(made.getJdbcProperties())
        .containsEntry("sslMode", "REQUIRED")
        .containsEntry("useSSL", "true");
  }

  @Test
  void aPlainNameStaysPlain() {
    assertThat(BinlogSourceConfig.literally("orders_2024")).isEqualTo("orders_2024");
    assertThat(BinlogSourceConfig.literally("a.b$")).isEqualTo("a\\.b\\$");
  }
}
