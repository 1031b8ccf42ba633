package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.lock.MigrationLock;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MysqlExtension.class)
class MigrationControllerIT {
  private static final int ROWS = 20_000;

  @Test
  void alterUnderConcurrentWritesSwapsAndKeepsEveryRow(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    List<MigrationPhase> phases = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<String> job =
        new java.util.concurrent.atomic.AtomicReference<>();
    MigrationSummary summary;
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 4, 400, 7)) {
      MigrationController controller =
          new MigrationController(
              options(
                  db,
                  mysql,
                  "t",
                  "ADD COLUMN x INT NOT NULL DEFAULT 7, CHANGE c c2 VARCHAR(200) NOT NULL DEFAULT ''"),
              new MigrationListener() {
                @Override
                public void phase(MigrationPhase phase) {
                  phases.add(phase);
                }

                @Override
                public void jobStarted(io.ghostflink.controller.flink.JobRunner runner) {
                  job.set(runner.job().toHexString());
                }
              },
              beforeFirstCutover(workload::close));
      summary = controller.execute();
      assertThat(workload.committed()).isGreaterThan(100);
    }

    assertThat(phases)
        .containsExactly(
            MigrationPhase.PREFLIGHT,
            MigrationPhase.PREPARE,
            MigrationPhase.COPY,
            MigrationPhase.APPLY,
            MigrationPhase.CHECKSUM,
            MigrationPhase.CUTOVER,
            MigrationPhase.CLEANUP,
            MigrationPhase.DONE);
    assertThat(summary.rowsCopied()).isGreaterThan(ROWS / 2);
    assertThat(summary.changesApplied()).isGreaterThan(0);
    assertSameRows(db, "t", Map.of("id", "id", "k", "k", "c2", "c", "pad", "pad"));
    assertThat(db.scalar("SELECT COUNT(*) FROM t WHERE x <> 7")).isEqualTo(0L);
    assertThat(
            db.query(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1",
                db.name()))
        .extracting(r -> r.get(0))
        .containsExactly("_t_del", "t");
    assertThat(Migrations.stateDir(db).resolve("checkpoints").resolve(job.get()))
        .as("a finished migration's checkpoints are deleted")
        .doesNotExist();
    TableRef t = new TableRef(db.name(), "t");
    assertThat(db.scalar("SELECT IS_USED_LOCK(?)", MigrationLock.names(t).get(0))).isNull();
  }

  @Test
  void writesThatRunThroughTheCutOverAllLandInTheNewTable(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Ledger ledger = Ledger.start(db, "t", 10_000_000);
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 3, 300, 9)) {
      MigrationSummary summary =
          new MigrationController(
                  options(db, mysql, "t", "ADD COLUMN x INT NOT NULL DEFAULT 7"),
                  MigrationListener.NONE,
                  io.ghostflink.controller.cutover.CutoverHook.NONE)
              .execute();
      Thread.sleep(300); // writers go on into the new table
      assertThat(summary.cutOverAttempts()).isGreaterThanOrEqualTo(1);
    }
    ledger.assertAllIn(db, "t");
    List<Long> inNew = Ledger.rows(db, "t");
    List<Long> inOld = Ledger.rows(db, "_t_del");
    assertThat(inOld).as("ledger rows written before the swap").isNotEmpty();
    assertThat(inNew.size()).as("ledger rows written after the swap").isGreaterThan(inOld.size());
    assertThat(inNew).containsAll(inOld);
  }
}
