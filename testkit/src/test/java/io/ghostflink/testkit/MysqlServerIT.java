package io.ghostflink.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerException;
import io.ghostflink.mysql.MysqlServerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MysqlExtension.class)
class MysqlServerIT {

  @Test
  void binlogIsRowBasedWithFullImagesAndGtids(TestDatabase db) {
    List<Object> settings =
        db.query(
                "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@gtid_mode,"
                    + " @@enforce_gtid_consistency, @@version")
            .get(0);

    assertThat(settings.subList(0, 5)).containsExactly(1L, "ROW", "FULL", "ON", "ON");
    assertThat((String) settings.get(5)).startsWith("8.0.31");
  }

  @Test
  void aWriteShowsUpInTheBinlog(TestDatabase db) {
    db.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
    String file = (String) db.scalar("SHOW MASTER STATUS");
    Object before = db.scalar("SELECT @@gtid_executed");

    db.execute("INSERT INTO t VALUES (1, 'x')");

    List<List<Object>> events = db.query("SHOW BINLOG EVENTS IN '" + file + "'");
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.get(2)).isEqualTo("Table_map");
              assertThat((String) e.get(5)).contains("(" + db.name() + ".t)");
            })
        .anySatisfy(e -> assertThat(e.get(2)).isEqualTo("Write_rows"));
    assertThat(db.scalar("SELECT @@gtid_executed")).isNotEqualTo(before);
  }

  @Test
  void twoServersRunSideBySide(MysqlInstance shared) {
    try (MysqlServer other = MysqlServer.start(MysqlServerSpec.named("side"))) {
      TestDatabase a = TestDatabase.create(shared, "side_by_side");
      TestDatabase b = TestDatabase.create(other, "side_by_side");
      a.execute("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
      b.execute("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (2), (3)");

      assertThat(other.port()).isNotEqualTo(shared.port());
      assertThat(a.query("SELECT id FROM t")).containsExactly(List.of(1));
      assertThat(b.query("SELECT id FROM t ORDER BY id")).containsExactly(List.of(2), List.of(3));
      assertThat(a.scalar("SELECT @@server_uuid")).isNotEqualTo(b.scalar("SELECT @@server_uuid"));
      a.drop();
    }
  }

  @Test
  void replicaReplicatesAPrimaryWrite() {
    try (MysqlServer primary = MysqlServer.start(MysqlServerSpec.named("primary"));
        MysqlServer replica =
            MysqlServer.startReplicaOf(primary, MysqlServerSpec.named("replica"))) {
      TestDatabase onPrimary = TestDatabase.create(primary, "replicated");
      onPrimary.execute(
          "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
          "INSERT INTO t VALUES (7, 'seven')");

      TestDatabase onReplica = new TestDatabase(replica, "replicated");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!replicaHasRow(onReplica) && Instant.now().isBefore(deadline)) {
        Thread.onSpinWait();
      }
      assertThat(onReplica.query("SELECT id, v FROM t")).containsExactly(List.of(7, "seven"));
      assertThat(replica.serverId()).isNotEqualTo(primary.serverId());
    }
  }

  @Test
  void aBusyPortIsOneClearLine(MysqlInstance shared) {
    assertThatThrownBy(
            () -> MysqlServer.start(MysqlServerSpec.named("clash").withPort(shared.port())))
        .isInstanceOf(MysqlServerException.class)
        .hasMessage(
            "MySQL cannot start: port "
                + shared.port()
                + " on 127.0.0.1 is in use; choose another port or pass 0 to pick a free one");
  }

  private static boolean replicaHasRow(TestDatabase replica) {
    try {
      return Objects.equals(replica.scalar("SELECT COUNT(*) FROM t"), 1L);
    } catch (IllegalStateException notYet) {
      return false;
    }
  }
}
