package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.await;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.onceIn;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withParallelism;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pause (stop with a savepoint) and resume, with a different parallelism, while writers run: the
 * swapped table still holds every row.
 */
@ExtendWith(MysqlExtension.class)
class PauseResumeIT {
  private static final int ROWS = 20_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");

  @Test
  void pausedInApplyResumesAtParallelismOne(TestDatabase db, MysqlInstance mysql) throws Exception {
    pauseAndResume(db, mysql, MigrationPhase.APPLY, 2, 1);
  }

  @Test
  void pausedInCopyResumesAtParallelismTwo(TestDatabase db, MysqlInstance mysql) throws Exception {
    pauseAndResume(db, mysql, MigrationPhase.COPY, 1, 2);
  }

  private void pauseAndResume(
      TestDatabase db, MysqlInstance mysql, MigrationPhase pauseIn, int before, int after)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 3, 300, 21)) {
      AtomicReference<MigrationController> first = new AtomicReference<>();
      first.set(
          new MigrationController(
              withParallelism(options(db, mysql, "t", ALTER), before),
              onceIn(pauseIn, () -> first.get().requestPause()),
              CutoverHook.NONE));
      assertThatThrownBy(first.get()::execute)
          .isInstanceOf(MigrationPausedException.class)
          .hasMessageContaining("paused the migration");
      assertThat(db.scalar("SELECT COUNT(*) FROM _t_gho")).as("the ghost table waits").isNotNull();

      // writes go on while paused; the resumed job must catch up on them
      long paused = workload.committed();
      await(() -> workload.committed() > paused + 20, "writes while paused");
      List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
      MigrationSummary summary =
          new MigrationController(
                  withParallelism(options(db, mysql, "t", ALTER), after),
                  new MigrationListener() {
                    @Override
                    public void message(String line) {
                      said.add(line);
                    }
                  },
                  beforeFirstCutover(workload::close))
              .resume();
      assertThat(summary.changesApplied()).isPositive();
      // it once said it would drop the tables that held the rows it had copied
      assertThat(said)
          .anyMatch(
              line ->
                  line.startsWith(
                      "continues with the stopped run's tables [" + db.name() + "._t_gho, "))
          .noneMatch(line -> line.contains("will drop"));
    }
    assertSameRows(db, "t", SAME);
  }

  @Test
  void resumeWithoutAPausedMigrationIsRefused(TestDatabase db, MysqlInstance mysql) {
    sysbenchTable(db, "t", 100);
    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(db, mysql, "t", ALTER), MigrationListener.NONE, CutoverHook.NONE)
                    .resume())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("no paused migration");
  }

  @Test
  void resumeRefusesWhenTheGhostTableWasDroppedByHand(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    pauseInApply(db, mysql);
    db.execute("DROP TABLE _t_gho");

    assertResumeRefused(db, mysql, "_t_gho is gone; start over with --initially-drop-ghost-table");
  }

  @Test
  void resumeRefusesWhenTheOriginalsSchemaChanged(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    pauseInApply(db, mysql);
    db.execute("ALTER TABLE t ADD COLUMN by_hand INT");

    assertResumeRefused(db, mysql, "its schema changed since the pause");
  }

  @Test
  void resumeRefusesWhenTheBinlogItNeedsWasPurged(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    pauseInApply(db, mysql);
    db.execute("FLUSH BINARY LOGS");
    String current = (String) db.query("SHOW MASTER STATUS").get(0).get(0);
    db.execute("PURGE BINARY LOGS TO '" + current + "'");

    assertResumeRefused(db, mysql, "has been purged from the server");
  }

  @Test
  void resumeNeedsTheBinlogOnlyFromItsSavepointOn(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 3, 300, 25)) {
      AtomicReference<MigrationController> first = new AtomicReference<>();
      // the binlog moves on to a new file and the job applies into it before the pause
      MigrationListener rotateThenPause =
          onceIn(
              MigrationPhase.APPLY,
              () -> {
                db.execute("FLUSH BINARY LOGS");
                String rotated = (String) db.query("SHOW MASTER STATUS").get(0).get(0);
                long newFile = BinlogPosition.encode(rotated, 0);
                try {
                  Migrations.await(
                      () -> appliedBySink(db) >= newFile, "the job to apply into " + rotated);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                first.get().requestPause();
              });
      first.set(
          new MigrationController(
              options(db, mysql, "t", ALTER), rotateThenPause, CutoverHook.NONE));
      assertThatThrownBy(first.get()::execute).isInstanceOf(MigrationPausedException.class);
      // the file the run started from goes; the savepoint does not need it
      String current = (String) db.query("SHOW MASTER STATUS").get(0).get(0);
      db.execute("PURGE BINARY LOGS TO '" + current + "'");

      new MigrationController(
              options(db, mysql, "t", ALTER),
              MigrationListener.NONE,
              beforeFirstCutover(workload::close))
          .resume();
    }
    assertSameRows(db, "t", SAME);
  }

  /** The lowest point the sink subtasks have applied (any run), or -1. */
  private static long appliedBySink(TestDatabase db) {
    Object min = db.scalar("SELECT MIN(applied) FROM _t_ghp WHERE name LIKE 'sink-%'");
    return min == null ? -1 : ((Number) min).longValue();
  }

  private static void pauseInApply(TestDatabase db, MysqlInstance mysql) {
    sysbenchTable(db, "t", 2_000);
    AtomicReference<MigrationController> first = new AtomicReference<>();
    first.set(
        new MigrationController(
            options(db, mysql, "t", ALTER),
            onceIn(MigrationPhase.APPLY, () -> first.get().requestPause()),
            CutoverHook.NONE));
    assertThatThrownBy(first.get()::execute).isInstanceOf(MigrationPausedException.class);
  }

  private static void assertResumeRefused(TestDatabase db, MysqlInstance mysql, String why) {
    long rows = (Long) db.scalar("SELECT COUNT(*) FROM t");
    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(db, mysql, "t", ALTER), MigrationListener.NONE, CutoverHook.NONE)
                    .resume())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining(why);
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).as("t untouched").isEqualTo(rows);
    assertThat(Migrations.hasTable(db, "_t_del")).isFalse();
  }
}
