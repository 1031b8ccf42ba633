package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.jdbc.JdbcConnection;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.source.BinlogSourceConfig;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import org.apache.flink.cdc.connectors.mysql.debezium.DebeziumUtils;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Flink CDC's own sessions connect as ghostflink's others do, without TLS: its pool's URL left TLS
 * to the driver, which negotiated it with a server that has certificates (every MySQL 8 makes its
 * own), a handshake and the JVM's TLS set-up on the job's start.
 */
@ExtendWith(MysqlExtension.class)
class BinlogSessionsIT {
  @Test
  void theBinlogSourcesSessionsDoNotNegotiateTls(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    assertThat(db.query("SHOW GLOBAL VARIABLES LIKE 'have_ssl'").get(0).get(1))
        .as("the test server offers TLS, so a session that may negotiate it does")
        .isEqualTo("YES");
    BinlogSourceConfig factory =
        new BinlogSourceConfig(
            new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password()));
    factory.databaseList(db.name()).tableList(db.name() + ".t").serverId("5400");
    factory.serverTimeZone("UTC");
    MySqlSourceConfig config = factory.createConfig(0);
    try (JdbcConnection pooled = DebeziumUtils.openJdbcConnection(config);
        JdbcConnection own = DebeziumUtils.createMySqlConnection(config)) {
      assertThat(cipher(pooled)).as("Flink CDC's pool").isEmpty();
      assertThat(cipher(own)).as("Debezium's connection").isEmpty();
    }
  }

  /**
   * The reader's session sees a generated invisible primary key on a server that hides it: its
   * table schemas come from {@code SHOW CREATE TABLE}, and one without the key read every binlog
   * row of such a table one column off. (Flink CDC's pool does not run Debezium's statements on
   * connecting; it lists tables and reads binlog positions, never a table's columns.)
   */
  @Test
  void theBinlogSourcesSessionsSeeAHiddenGeneratedPrimaryKey(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "SET SESSION sql_generate_invisible_primary_key = ON",
        "CREATE TABLE k (a INT)",
        "SET GLOBAL show_gipk_in_create_table_and_information_schema = OFF");
    try {
      BinlogSourceConfig factory =
          new BinlogSourceConfig(
              new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password()));
      factory.databaseList(db.name()).tableList(db.name() + ".k").serverId("5401");
      factory.serverTimeZone("UTC").debeziumProperties(new java.util.Properties());
      MySqlSourceConfig config = factory.createConfig(0);
      String show = "SHOW CREATE TABLE " + db.name() + ".k";
      try (JdbcConnection own = DebeziumUtils.createMySqlConnection(config)) {
        assertThat(createTable(own, show)).as("Debezium's connection").contains("my_row_id");
      }
    } finally {
      db.execute("SET GLOBAL show_gipk_in_create_table_and_information_schema = ON");
    }
  }

  private static String createTable(JdbcConnection c, String show) throws java.sql.SQLException {
    return c.queryAndMap(show, rs -> rs.next() ? rs.getString(2) : "none");
  }

  private static String cipher(JdbcConnection c) throws java.sql.SQLException {
    return c.queryAndMap(
        "SHOW SESSION STATUS LIKE 'Ssl_cipher'", rs -> rs.next() ? rs.getString(2) : "none");
  }
}
