package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static io.ghostflink.controller.lifecycle.Migrations.await;
import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code ghostflink move --source-replica-host}, three servers: writers on the primary, the job
 * reading the rows and the binlog of a replica (log_replica_updates), the target a third server.
 * Only the changelog, the rename and the drain read touch the primary. Two tables move together
 * under transactions that write both (Migrations#crossTableWrites).
 */
class MoveFromReplicaIT {
  private static final int ROWS = 20_000;

  @Test
  void movesFromAReplicaWhileTheWritersWriteThePrimary() throws Exception {
    try (MysqlServer primary = MysqlServer.start(MysqlServerSpec.named("move-primary"));
        MysqlServer replica =
            MysqlServer.startReplicaOf(primary, MysqlServerSpec.named("move-replica"));
        MysqlServer target = MysqlServer.start(MysqlServerSpec.named("move-third"))) {
      TestDatabase db = TestDatabase.create(primary, "from_replica");
      TestDatabase onReplica = new TestDatabase(replica, "from_replica");
      sysbenchTable(db, "t", ROWS);
      sysbenchTable(db, "u", ROWS);
      await(
          () ->
              hasTable(onReplica, "u")
                  && ((Long) onReplica.scalar("SELECT COUNT(*) FROM u")) == ROWS,
          "the replica to have the tables");
      List<String> messages = new CopyOnWriteArrayList<>();
      AtomicLong dumpsOnReplica = new AtomicLong();
      AtomicLong dumpsOnPrimary = new AtomicLong();
      MigrationListener watch =
          new MigrationListener() {
            @Override
            public void phase(MigrationPhase phase) {
              // by the checksum the job has drained once: its binlog reader is connected
              if (phase == MigrationPhase.CHECKSUM) {
                dumpsOnReplica.set(binlogDumps(onReplica));
                dumpsOnPrimary.set(binlogDumps(db));
              }
            }

            @Override
            public void message(String line) {
              messages.add(line);
            }
          };
      MigrationOptions moving =
          options(db, primary, "t", "-", CopyMode.STREAM)
              .movingTo(
                  new MoveTarget(
                      address(target),
                      db.name(),
                      Duration.ofSeconds(20),
                      address(replica),
                      List.of("u")));
      try (Workload workload =
          Workload.scripted(db, Migrations.crossTableWrites(), 2L * ROWS, 3, 300, 41)
              .refusing(1146)) {
        new MigrationController(moving, watch, CutoverHook.NONE).execute();
        assertThat(workload.committed()).isGreaterThan(100);
      }

      assertThat(messages)
          .anyMatch(m -> m.contains("reads the rows and the binlog from the replica"))
          .anyMatch(m -> m.startsWith("u: checksum: ") && m.contains("rows equal"))
          .anyMatch(m -> m.startsWith("moved " + db.name() + ".t, " + db.name() + ".u to "));
      assertThat(dumpsOnReplica.get()).as("the job's binlog reader on the replica").isEqualTo(1);
      assertThat(dumpsOnPrimary.get())
          .as("only the replica reads the primary's binlog")
          .isEqualTo(1);
      assertThat(hasTable(db, "t") || hasTable(db, "u")).isFalse();
      TestDatabase onTarget = new TestDatabase(target, db.name());
      List<List<Object>> moved = rows(onTarget);
      assertThat(moved).isEqualTo(rows(db, "_t_del")).hasSizeGreaterThan(ROWS / 2);
      assertThat(rows(onTarget, "u"))
          .as("u, kept equal to t by every transaction")
          .isEqualTo(moved);
      assertThat(rows(onTarget, "u")).isEqualTo(rows(db, "_u_del"));
    }
  }

  /** Sessions reading the server's binlog (SHOW PROCESSLIST's Command, the fifth column). */
  private static long binlogDumps(TestDatabase db) {
    return db.query("SHOW FULL PROCESSLIST").stream()
        .filter(r -> String.valueOf(r.get(4)).startsWith("Binlog Dump"))
        .count();
  }

  private static List<List<Object>> rows(TestDatabase db) {
    return rows(db, "t");
  }

  private static List<List<Object>> rows(TestDatabase db, String table) {
    return db.query("SELECT id, k, c, pad FROM `" + table + "` ORDER BY id");
  }
}
