package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The controller process killed with SIGKILL mid-migration (its MiniCluster dies with it), then
 * {@code resume} continues from the last retained checkpoint while writers run on.
 */
@ExtendWith(MysqlExtension.class)
class CrashResumeIT {
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");

  @Test
  void killedDuringCopyResumesFromItsLastCheckpoint(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 100_000);
    try (Workload workload = Workload.start(db, "t", 200_000, 3, 300, 31)) {
      Process child = startMigration(db, mysql, "100", "300ms");
      try {
        Migrations.await(
            () -> "COPY".equals(Migrations.state(db)) && Migrations.newestCheckpoint(db) >= 0,
            "a checkpoint in COPY");
        assertThat(Migrations.state(db)).isEqualTo("COPY");
      } finally {
        child.destroyForcibly().waitFor();
      }
      resumeAndCompare(db, mysql, workload);
    }
    assertSameRows(db, "t", SAME);
  }

  @Test
  void killedBetweenCutOverAttemptsResumesAndSwaps(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 10_000);
    try (Workload workload = Workload.start(db, "t", 20_000, 3, 300, 33);
        Connection longTx = db.connect();
        Statement s = longTx.createStatement()) {
      // a transaction that has read t holds a metadata lock until it ends: every cut-over
      // attempt times out on LOCK TABLES and goes back to APPLY, while writes and the copy go on
      longTx.setAutoCommit(false);
      s.executeQuery("SELECT COUNT(*) FROM t WHERE id = 4").close();
      Process child = startMigration(db, mysql, "1000", "300ms");
      try {
        Migrations.await(() -> "CUTOVER".equals(Migrations.state(db)), "a cut-over attempt");
        Migrations.await(() -> "APPLY".equals(Migrations.state(db)), "the attempt to give up");
      } finally {
        child.destroyForcibly().waitFor();
      }
      longTx.commit();
      assertThat(Migrations.hasTable(db, "_t_del")).as("no magic table left").isFalse();
      resumeAndCompare(db, mysql, workload);
    }
    assertSameRows(db, "t", SAME);
  }

  @Test
  void killedBeforeItsFirstCheckpointResumeStartsOverAndSaysSo(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 100_000);
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Workload workload = Workload.start(db, "t", 200_000, 3, 300, 37)) {
      // no checkpoint completes within ten minutes: the kill comes long before
      Process child = startMigration(db, mysql, "100", "10m");
      try {
        Migrations.await(() -> "COPY".equals(Migrations.state(db)), "the copy");
        assertThat(Migrations.newestCheckpoint(db)).isEqualTo(-1);
      } finally {
        child.destroyForcibly().waitFor();
      }
      MigrationListener recorder =
          new MigrationListener() {
            @Override
            public void message(String line) {
              messages.add(line);
            }
          };
      new MigrationController(
              options(db, mysql, "t", ALTER), recorder, beforeFirstCutover(workload::close))
          .resume();
    }
    assertThat(messages)
        .anyMatch(m -> m.contains("had completed no checkpoint") && m.contains("starting over"));
    assertSameRows(db, "t", SAME);
  }

  private static void resumeAndCompare(TestDatabase db, MysqlInstance mysql, Workload workload)
      throws Exception {
    assertThat(Files.exists(Migrations.stateDir(db).resolve("savepoint")))
        .as("killed, not paused")
        .isFalse();
    MigrationSummary summary =
        new MigrationController(
                options(db, mysql, "t", ALTER),
                MigrationListener.NONE,
                beforeFirstCutover(workload::close))
            .resume();
    assertThat(summary.cutOverAttempts()).isGreaterThanOrEqualTo(1);
  }

  /** {@code ghostflink migrate --execute} in a JVM of its own, logging to the state directory. */
  private static Process startMigration(
      TestDatabase db, MysqlInstance mysql, String chunk, String checkpointInterval)
      throws Exception {
    Path state = Migrations.freshStateDir(db);
    Path password = Files.writeString(state.resolve("password"), mysql.password());
    List<String> args = Migrations.cliArgs("migrate", mysql, password, db, state);
    args.addAll(
        List.of(
            "--alter",
            ALTER,
            "--execute",
            "--chunk-time",
            "0",
            "--chunk-size",
            chunk,
            "--checkpoint-interval",
            checkpointInterval,
            "--cut-over-lock-timeout",
            "1s",
            "--max-cut-over-attempts",
            "100",
            "--server-id",
            Integer.toString(7700 + (int) (ProcessHandle.current().pid() % 100))));
    return Migrations.startJvm(state, "io.ghostflink.controller.cli.Ghostflink", args);
  }
}
