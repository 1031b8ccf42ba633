package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MySQL restarts in the middle of the copy (a crash: SIGKILL, then {@code mysqld} started again on
 * the same data after its crash recovery), under writers that connect again. Before, the migration
 * failed at once ("failed in COPY: Communications link failure") and the operator had to find out
 * that {@code ghostflink resume} would go on. Now {@code migrate} waits for the server ({@code
 * --wait-for-restart}) and goes on from its last checkpoint by itself; a server that stays down
 * past the wait ends it with the resume command to run, and that resume works. Every case ends with
 * every committed ledger row in the new table and the table equal to MySQL's own ALTER of the old
 * one.
 */
class ServerRestartIT {
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));
  private static final int ROWS = 60_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 5, MODIFY c VARCHAR(150)";

  private static MysqlServer server;
  private static MysqlServer target;

  @BeforeAll
  static void start() {
    // durable as production runs: a crash keeps every commit that returned
    server = MysqlServer.start(MysqlServerSpec.named("restart").withDurable(true));
    target = MysqlServer.start(MysqlServerSpec.named("restart-target").withDurable(true));
  }

  @AfterAll
  static void stop() {
    for (MysqlServer m : new MysqlServer[] {server, target}) {
      if (m != null) {
        m.close();
      }
    }
  }

  @AfterEach
  void serversUp() {
    for (MysqlServer m : new MysqlServer[] {server, target}) {
      if (!m.isRunning()) {
        m.restart(); // a failed case leaves the next one running servers
      }
    }
  }

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aMigrationGoesOnByItselfAfterMysqlRestarts(CopyMode mode) throws Exception {
    TestDatabase db =
        TestDatabase.create(server, "restart_" + mode.name().toLowerCase(Locale.ROOT));
    Migrations.sysbenchTable(db, "t", ROWS);
    Path state = Migrations.freshStateDir(db);
    try (Session s = new Session(db, state)) {
      CompletableFuture<Migrations.Cli> migration = s.migrate(mode, "5m");
      s.killInTheCopy(migration);
      server.restart();
      Migrations.Cli done = migration.get(240, TimeUnit.SECONDS);
      assertThat(done.code()).as(done.err()).isZero();
      assertThat(done.err())
          .as("the run that failed is not said to have failed: it goes on")
          .doesNotContain("phase FAILED")
          .doesNotContain("phase ABORTED")
          .contains("does not answer")
          .contains("restarted while the migration was in COPY")
          .contains("resuming from the last checkpoint");
      // the resumed run's summary counts the killed run's rows apart from its own
      assertThat(done.out()).contains("Migrated " + db.name() + ".t").contains(" before this run)");
      s.assertEverythingKept();
    }
  }

  @Test
  void aServerThatStaysDownPastTheWaitEndsItResumable() throws Exception {
    TestDatabase db = TestDatabase.create(server, "restart_late");
    Migrations.sysbenchTable(db, "t", ROWS);
    Path state = Migrations.freshStateDir(db);
    try (Session s = new Session(db, state)) {
      CompletableFuture<Migrations.Cli> migration = s.migrate(CopyMode.STREAM, "2s");
      s.killInTheCopy(migration);
      Migrations.Cli failed = migration.get(120, TimeUnit.SECONDS);
      assertThat(failed.code()).as(failed.err()).isEqualTo(1);
      assertThat(failed.err())
          // the first to see the server gone is the job (its copy fails) or the migration
          // lock's keepalive (its session ended): either names why it looked
          .containsPattern(
              "did not answer within --wait-for-restart 2 s \\((the migration of \\S+ failed in"
                  + " COPY: Communications link failure|the migration lock on \\S+ was lost)")
          .contains(db.name() + ".t is intact")
          .contains("go on with: ghostflink resume")
          .containsOnlyOnce("phase FAILED");
      server.restart();
      Migrations.Cli resumed = s.run("resume", "--hooks-path", s.hooks.toString());
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.out()).contains("Migrated " + db.name() + ".t");
      s.assertEverythingKept();
    }
  }

  @Test
  void aMoveWhoseTargetRestartsBeforeItsFirstCheckpointStartsOver() throws Exception {
    TestDatabase db = TestDatabase.create(server, "restart_move");
    TestDatabase onTarget = TestDatabase.create(target, "restart_move");
    Migrations.sysbenchTable(db, "t", ROWS);
    Path state = Migrations.freshStateDir(db);
    try (Session s = new Session(db, state)) {
      // no checkpoint completes before the kill: the run after it has nothing to restore
      CompletableFuture<Migrations.Cli> move =
          CompletableFuture.supplyAsync(
              () ->
                  s.run(
                      "move",
                      "--target-host",
                      target.host(),
                      "--target-port",
                      Integer.toString(target.port()),
                      "--execute",
                      "--checkpoint-interval",
                      "10m",
                      "--hooks-path",
                      s.hooks.toString()));
      Migrations.await(
          () -> {
            assertThat(move).as("the move runs until the kill").isNotDone();
            return s.rows(onTarget, "t") > 2_000;
          },
          "2,000 rows on the target",
          Duration.ofSeconds(120));
      target.kill();
      target.restart();
      Migrations.Cli done = move.get(240, TimeUnit.SECONDS);
      assertThat(done.code()).as(done.err()).isZero();
      // the stopped run's table on the target is its own (its progress table says so): dropped,
      // not refused as a table ghostflink did not make
      assertThat(done.err())
          .contains("restarted while the migration was in COPY")
          .contains("had completed no checkpoint")
          .contains("drops the previous move's " + db.name() + ".t on ");
      s.stopWriters();
      s.ledger.assertAllIn(onTarget, "t");
      assertThat(onTarget.query("SELECT id, k, c, pad FROM t ORDER BY id"))
          .isEqualTo(db.query("SELECT id, k, c, pad FROM _t_del ORDER BY id"));
    }
  }

  /** One table's migration under writers that outlive restarts, and what it must keep. */
  private static final class Session implements AutoCloseable {
    private final TestDatabase db;
    private final Path state;
    private final Path password;
    private final Workload writers;
    final Ledger ledger;
    final Path hooks;
    private volatile boolean writing = true;

    Session(TestDatabase db, Path state) throws Exception {
      this.db = db;
      this.state = state;
      this.password = Files.createTempFile(WORK, "password", "");
      Files.writeString(password, server.password() + "\n");
      this.writers = Workload.start(db, "t", 2L * ROWS, 2, 200, 71).reconnecting();
      this.ledger = Ledger.startReconnecting(db, "t", 10L * ROWS + 1);
      this.hooks = hooks();
    }

    /** {@code migrate}, its writers stopped before its first cut-over attempt. */
    CompletableFuture<Migrations.Cli> migrate(CopyMode mode, String waitForRestart) {
      return CompletableFuture.supplyAsync(
          () ->
              run(
                  "migrate",
                  "--alter",
                  ALTER,
                  "--execute",
                  "--copy",
                  mode.name().toLowerCase(Locale.ROOT),
                  "--checkpoint-interval",
                  "500ms",
                  "--wait-for-restart",
                  waitForRestart,
                  "--hooks-path",
                  hooks.toString()));
    }

    /**
     * {@code ghostflink command} at a pace slow enough to be killed in its copy: small chunks, each
     * reader resting four times each chunk's time.
     */
    Migrations.Cli run(String command, String... more) {
      List<String> args = Migrations.cliArgs(command, server, password, db, state);
      args.addAll(List.of("--chunk-size", "500", "--chunk-time", "0", "--nice-ratio", "4"));
      args.addAll(List.of(more));
      return Migrations.run(args);
    }

    // an on-before-cut-over hook that stops the writers: the table is then compared as it was
    private Path hooks() {
      try {
        Path dir = Files.createDirectories(state.resolveSibling(state.getFileName() + "-hooks"));
        Path flag = dir.resolve("stop-writers");
        Files.deleteIfExists(flag);
        Path hook = dir.resolve("gh-ost-on-before-cut-over");
        Files.writeString(hook, "#!/bin/sh\ntouch '" + flag + "'\nsleep 1\n");
        hook.toFile().setExecutable(true);
        Thread watcher =
            new Thread(
                () -> {
                  while (writing && !Files.exists(flag)) {
                    pause();
                  }
                  stopWriters();
                });
        watcher.setDaemon(true);
        watcher.start();
        return dir;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** Kills mysqld once the copy is under way, a checkpoint taken, and far from done. */
    void killInTheCopy(CompletableFuture<Migrations.Cli> migration) throws Exception {
      Migrations.await(
          () -> {
            assertThat(migration).as("the migration runs until the kill").isNotDone();
            return checkpointed() && ghostRows() > 2_000;
          },
          "a checkpoint and 2,000 copied rows",
          Duration.ofSeconds(120));
      assertThat(ghostRows()).as("killed in the copy").isLessThan(ROWS / 2);
      server.kill();
    }

    private boolean checkpointed() {
      try {
        return MigrationController.newestCheckpoint(state).isPresent();
      } catch (java.io.IOException e) {
        return false;
      }
    }

    private long ghostRows() {
      return rows(db, "_t_gho");
    }

    long rows(TestDatabase in, String table) {
      try {
        return (Long) in.scalar("SELECT COUNT(*) FROM " + table);
      } catch (RuntimeException e) {
        return 0; // not created yet, or its server is down
      }
    }

    synchronized void stopWriters() {
      writing = false;
      writers.close();
      try {
        ledger.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void assertEverythingKept() throws Exception {
      stopWriters();
      assertThat(writers.committed()).as("writes during the migration").isGreaterThan(200);
      assertThat(writers.reconnections()).as("writers cut off by the restart").isPositive();
      ledger.assertAllIn(db, "t");
      Migrations.assertAsMysqlWould(db, "t", server, ALTER);
    }

    @Override
    public void close() throws Exception {
      stopWriters();
      Files.deleteIfExists(password);
    }

    private static void pause() {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
