package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.MysqlInstance;
import io.ghostflink.testkit.TestDatabase;
import io.ghostflink.testkit.Workload;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
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
      Process child = startMigration(db, mysql, "100");
      try {
        await(() -> "COPY".equals(state(db)) && completedCheckpoint(db), "a checkpoint in COPY");
        assertThat(state(db)).isEqualTo("COPY");
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
      Process child = startMigration(db, mysql, "1000");
      try {
        await(() -> "CUTOVER".equals(state(db)), "a cut-over attempt");
        await(() -> "APPLY".equals(state(db)), "the attempt to give up");
      } finally {
        child.destroyForcibly().waitFor();
      }
      longTx.commit();
      assertThat(Migrations.hasTable(db, "_t_del")).as("no magic table left").isFalse();
      resumeAndCompare(db, mysql, workload);
    }
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
  private static Process startMigration(TestDatabase db, MysqlInstance mysql, String chunk)
      throws Exception {
    Path state = Migrations.stateDir(db);
    if (Files.exists(state)) { // an earlier build's run of the same test
      try (Stream<Path> old = Files.walk(state)) {
        for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(state);
    Path password = Files.writeString(state.resolve("password"), mysql.password());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib")) {
        command.add(arg);
      }
    }
    command.add("-Dghostflink.log.file=" + state.resolve("child.log"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.ghostflink.controller.cli.Ghostflink",
            "migrate",
            "--port",
            Integer.toString(mysql.port()),
            "--user",
            mysql.user(),
            "--password-file",
            password.toString(),
            "--database",
            db.name(),
            "--table",
            "t",
            "--alter",
            ALTER,
            "--execute",
            "--state-dir",
            state.toString(),
            "--chunk-size",
            chunk,
            "--checkpoint-interval",
            "300ms",
            "--cut-over-lock-timeout",
            "1s",
            "--max-cut-over-attempts",
            "100",
            "--server-id",
            Integer.toString(7700 + (int) (ProcessHandle.current().pid() % 100))));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(state.resolve("child.out").toFile())
        .start();
  }

  private static String state(TestDatabase db) {
    try {
      return (String) db.scalar("SELECT value FROM _t_ghc WHERE hint = 'state'");
    } catch (RuntimeException noChangelogYet) {
      return null;
    }
  }

  /** A completed checkpoint of the running job (the one named in the state directory). */
  private static boolean completedCheckpoint(TestDatabase db) {
    Path state = Migrations.stateDir(db);
    Path checkpoints;
    try {
      checkpoints =
          state.resolve("checkpoints").resolve(Files.readString(state.resolve("job-id")).strip());
    } catch (java.io.IOException notYet) {
      return false;
    }
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(checkpoints, 2)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(10);
    }
  }
}
