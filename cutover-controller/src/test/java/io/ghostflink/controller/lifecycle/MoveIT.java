package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.moving;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.cutover.MoveCutover;
import io.ghostflink.controller.hooks.HookSettings;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ghostflink move}'s controller between two real servers: the shared test server is the
 * source, a second embedded server the target. Writers run right through the cooperative cut-over
 * (seed 001); after it the target's table equals the source's renamed-away {@code _t_del}, row for
 * row, and every write after the rename was refused on the source.
 */
@ExtendWith(MysqlExtension.class)
class MoveIT {
  private static final int ROWS = 20_000;
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));

  private static MysqlServer target;

  @BeforeAll
  static void startTarget() {
    target = MysqlServer.start(MysqlServerSpec.named("move-target"));
  }

  @AfterAll
  static void stopTarget() {
    if (target != null) {
      target.close();
    }
  }

  @Test
  void movesATableUnderWritesAndRefusesEveryWriteAfterTheRename(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", ROWS);
    Path hooks = Files.createDirectories(WORK.resolve("move-hooks-" + db.name()));
    Path log = hooks.resolve("log");
    Files.deleteIfExists(log); // a rerun's
    for (String event : List.of("on-before-cut-over", "on-success", "on-failure")) {
      recordingHook(hooks, "gh-ost-" + event, log);
    }
    List<String> messages = new ArrayList<>();
    MigrationSummary summary;
    long committedBefore;
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 4, 400, 11).refusing(1146)) {
      summary =
          new MigrationController(
                  moving(db, source, "t", target, Duration.ofSeconds(20), hooks(hooks)),
                  messages(messages),
                  CutoverHook.NONE)
              .execute();
      committedBefore = workload.committed();
      long refusedBefore = workload.refused();
      // the writers go on: every write now meets the renamed table
      Migrations.await(
          () -> workload.refused() >= refusedBefore + 20, "20 more writes to be refused");
      assertThat(workload.committed()).isEqualTo(committedBefore);
      assertThat(workload.refused()).isPositive();
    }

    TestDatabase onTarget = new TestDatabase(target, db.name());
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del")).hasSizeGreaterThan(ROWS / 2);
    assertThat(hasTable(db, "t")).as("the source table is renamed away").isFalse();
    assertThat(hasTable(db, "_t_ghc")).isFalse();
    assertThat(hasTable(onTarget, "_t_ghp")).isFalse();
    assertThat(summary.rowsCopied()).isGreaterThan(ROWS / 2);
    assertThat(summary.cutOverLockTime()).isPositive();
    assertThat(messages).anyMatch(m -> m.startsWith("moved " + db.name() + ".t to "));
    assertThat(messages).anyMatch(m -> m.startsWith("checksum: ") && m.contains("rows equal"));

    List<String> events = Files.readAllLines(log);
    assertThat(events)
        .extracting(l -> l.split(" ")[0])
        .containsExactly("gh-ost-on-before-cut-over", "gh-ost-on-success");
    String gtidExecuted = (String) db.scalar("SELECT @@global.gtid_executed");
    assertThat(events.get(1))
        .contains("target=" + target.host() + ":" + target.port())
        .contains("targetdb=" + db.name())
        .matches(".*drain=[0-9a-f-]+:[0-9-:,]+.*");
    String drain = events.get(1).replaceAll(".*drain=(\\S+).*", "$1");
    assertThat(db.scalar("SELECT GTID_SUBSET(?, ?)", drain, gtidExecuted)).isEqualTo(1L);
  }

  /**
   * Names the binlog reader took as patterns: {@code $}, {@code .}, spaces, a backtick
   * (UnusualNamesIT).
   */
  @Test
  void movesATableWithUnusualNamesUnderWrites(TestDatabase db, MysqlInstance source)
      throws Exception {
    TestDatabase shop = TestDatabase.create(source, "shop-eu.v2$ move");
    String table = "order$items.2024 `ü` €";
    sysbenchTable(shop, table, 5_000);
    try (Workload workload = Workload.start(shop, table, 10_000, 2, 200, 41).refusing(1146)) {
      new MigrationController(
              moving(shop, source, table, target, Duration.ofSeconds(20), HookSettings.NONE),
              MigrationListener.NONE,
              CutoverHook.NONE)
          .execute();
      assertThat(workload.committed()).as("writes during the move").isPositive();
    }
    TestDatabase onTarget = new TestDatabase(target, shop.name());
    assertThat(rows(onTarget, table))
        .isEqualTo(rows(shop, "_" + table + "_del"))
        .hasSizeGreaterThan(2_000);
  }

  @Test
  void aTargetRowSpoiledBeforeTheChecksumIsCopiedAgainAcrossServers(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 5_000);
    TestDatabase onTarget = new TestDatabase(target, db.name());
    List<String> messages = new ArrayList<>();
    // behind the job's back: only the checksum can notice
    MigrationListener spoil =
        spoilingAtChecksum(
            onTarget,
            messages,
            "UPDATE t SET c = 'spoiled' WHERE id = 200",
            "DELETE FROM t WHERE id = 4000");
    new MigrationController(
            moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
            spoil,
            CutoverHook.NONE)
        .execute();

    assertThat(messages)
        .anyMatch(m -> m.startsWith("checksum: 5,000 rows equal") && m.contains("copied again"));
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del")).hasSize(5_000);
  }

  @Test
  void largeRowsMoveWithinBothServersPacketsAndASpoiledRangeIsCopiedAgain(
      TestDatabase db, MysqlInstance source) throws Exception {
    LargeRowsIT.largeRowsTable(db);
    TestDatabase onTarget = new TestDatabase(target, db.name());
    List<String> messages = new ArrayList<>();
    MigrationListener spoil =
        spoilingAtChecksum(
            onTarget,
            messages,
            "UPDATE t SET doc = 'spoiled' WHERE id = 200",
            "DELETE FROM t WHERE id BETWEEN 300 AND 340",
            // the writers rewrite 41 rows at a time, and their changes still on their way heal
            // the rows above (all of them, once in CI); a row the source never has stays spoiled
            "INSERT INTO t VALUES (5000, 'spoiled', UNHEX('00'), 0)");
    try (LargeRowsIT.SmallPacket onSourceServer = new LargeRowsIT.SmallPacket(db);
        LargeRowsIT.SmallPacket onTargetServer =
            new LargeRowsIT.SmallPacket(new TestDatabase(target, "mysql"));
        Workload workload = LargeRowsIT.largeRowWrites(db).refusing(1146)) {
      new MigrationController(
              moving(db, source, "t", target, Duration.ofSeconds(60), HookSettings.NONE),
              spoil,
              CutoverHook.NONE)
          .execute();
    }

    assertThat(messages).anyMatch(m -> m.startsWith("checksum: ") && m.contains("copied again"));
    assertThat(LargeRowsIT.digests(onTarget, "t"))
        .isEqualTo(LargeRowsIT.digests(db, "_t_del"))
        .hasSizeGreaterThan(LargeRowsIT.ROWS / 2);
  }

  @Test
  void aPostponedMoveKeepsTheTargetCurrentAndRenamesOnlyOnceReleased(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 5_000);
    Path hooks = Files.createDirectories(WORK.resolve("move-postpone-" + db.name()));
    Path log = hooks.resolve("log");
    Files.deleteIfExists(log);
    for (String event : List.of("on-begin-postponed", "on-before-cut-over", "on-success")) {
      recordingHook(hooks, "gh-ost-" + event, log);
    }
    Path flag = Files.writeString(hooks.resolve("postpone"), "");
    TestDatabase onTarget = new TestDatabase(target, db.name());
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<MigrationSummary> run;
    try (Workload workload = Workload.start(db, "t", 10_000, 2, 100, 29).refusing(1146)) {
      run =
          Migrations.async(
              () ->
                  new MigrationController(
                          moving(
                              db, source, "t", target, Duration.ofSeconds(20), hooks(hooks), flag),
                          messages(messages),
                          CutoverHook.NONE)
                      .execute());
      Migrations.await(
          () -> messages.stream().anyMatch(m -> m.startsWith("cut-over postponed")),
          "the move to postpone its cut-over");
      // while postponed, a row written on the source reaches the target and nothing is renamed
      db.execute("INSERT INTO t (id, k, c, pad) VALUES (1000001, 7, 'postponed', 'p')");
      Migrations.await(
          () -> ((Long) onTarget.scalar("SELECT COUNT(*) FROM t WHERE id = 1000001")) == 1,
          "the row written while postponed to reach the target");
      assertThat(hasTable(db, "t")).isTrue();
      Files.delete(flag);
      run.get(2, java.util.concurrent.TimeUnit.MINUTES);
    }
    assertThat(Files.readAllLines(log))
        .extracting(l -> l.split(" ")[0])
        .containsExactly(
            "gh-ost-on-begin-postponed", "gh-ost-on-before-cut-over", "gh-ost-on-success");
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del"));
  }

  /**
   * A transaction that changed the table is open on the source when the move's cut-over comes: the
   * RENAME waited for it as long as the server's lock_wait_timeout (a year by default), every
   * writer of the table queued behind it. Now the attempts do not ask for the lock behind it and
   * fail naming it, an application writer that waits at most a second for its lock is never
   * refused, and once the transaction commits the table moves with its change.
   */
  @Test
  void aTransactionOpenAtTheRenameIsWaitedOutWithoutQueueingTheWriters(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 3_000);
    Path flag = Files.createTempFile("postpone-move-long-transaction", ".flag");
    TestDatabase onTarget = new TestDatabase(target, db.name());
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Connection longTx = db.connect();
        Statement s = longTx.createStatement()) {
      longTx.setAutoCommit(false);
      // no checksum, whose read lock would be the one not asked for first
      java.util.concurrent.CompletableFuture<MigrationSummary> run =
          Migrations.async(
              () ->
                  new MigrationController(
                          Migrations.withoutChecksum(
                                  Migrations.postponed(db, source, "t", "-", CopyMode.STREAM, flag))
                              .movingTo(
                                  new MoveTarget(
                                      Migrations.address(target),
                                      db.name(),
                                      Duration.ofSeconds(20))),
                          messages(messages),
                          CutoverHook.NONE)
                      .execute());
      Migrations.await(
          () -> messages.stream().anyMatch(m -> m.startsWith("cut-over postponed")),
          "the move to postpone its cut-over");
      s.executeUpdate("UPDATE t SET c = 'held by a long transaction' WHERE id = 2");
      Thread.sleep(2_000); // open longer than any of the application's writes
      try (LockProbe writer = new LockProbe(db, "t", 4)) {
        Files.delete(flag);
        Migrations.await(
            () -> messages.stream().anyMatch(m -> m.startsWith("cut-over attempt 2 failed: ")),
            "two attempts that did not rename behind the transaction",
            Duration.ofSeconds(60));
        longTx.commit();
        run.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(writer.written()).as("the writer's statements").isPositive();
        assertThat(writer.refused()).as("the writer's statements refused after a wait").isZero();
      }
    }
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("cut-over attempt 1 failed: ")
                    .contains("the metadata lock of " + db.name() + ".t was held by connection ")
                    .contains("not asked for behind it, so no writer queued")
                    .endsWith(db.name() + ".t is in place"));
    assertThat(onTarget.scalar("SELECT c FROM t WHERE id = 2"))
        .isEqualTo("held by a long transaction");
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del"));
  }

  /**
   * Two tables moved together under transactions that write both: one job, one RENAME of both.
   * Every transaction keeps the two tables equal, so on the target they must be equal too (a
   * transaction landed entirely or not at all), and each equal to its renamed-away source.
   */
  @Test
  void twoTablesMoveTogetherUnderTransactionsThatWriteBoth(TestDatabase db, MysqlInstance source)
      throws Exception {
    sysbenchTable(db, "t", 10_000);
    sysbenchTable(db, "u", 10_000);
    List<String> both = Migrations.crossTableWrites();
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationOptions o = moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE);
    MigrationOptions two =
        o.movingTo(
            new MoveTarget(
                o.move().server(), db.name(), o.move().drainTimeout(), null, List.of("u")));
    try (Workload workload = Workload.scripted(db, both, 20_000, 4, 400, 37).refusing(1146)) {
      new MigrationController(two, messages(messages), CutoverHook.NONE).execute();
      assertThat(workload.committed()).isGreaterThan(100);
    }
    TestDatabase onTarget = new TestDatabase(target, db.name());
    assertThat(rows(onTarget, "t"))
        .as("the two tables on the target")
        .isEqualTo(rows(onTarget, "u"));
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del"));
    assertThat(rows(onTarget, "u")).isEqualTo(rows(db, "_u_del"));
    assertThat(hasTable(db, "t")).isFalse();
    assertThat(hasTable(db, "u")).isFalse();
    assertThat(messages)
        .anyMatch(m -> m.startsWith("t: checksum: "))
        .anyMatch(m -> m.startsWith("u: checksum: "))
        .anyMatch(m -> m.startsWith("moved " + db.name() + ".t, " + db.name() + ".u to "));
  }

  /**
   * gh-ost's {@code --timestamp-old-table} for a move: each moved table's old table on the source
   * ends under the run's start, so that moving the tables again (back and forth) finds no {@code
   * _t_del} in the way.
   */
  @Test
  void movedTablesKeepTheirOldTablesOnTheSourceUnderTheRunsStart(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 2_000);
    sysbenchTable(db, "u", 2_000);
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationOptions o = moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE);
    MigrationOptions two =
        o.movingTo(
                new MoveTarget(
                    o.move().server(), db.name(), o.move().drainTimeout(), null, List.of("u")))
            .timestampingOldTable(true);
    new MigrationController(two, messages(messages), CutoverHook.NONE).execute();

    List<String> left = db.tables().stream().map(String::valueOf).toList();
    assertThat(left).hasSize(2);
    String stamp = left.get(0).substring(3, 17);
    assertThat(left).containsExactly("_t_" + stamp + "_del", "_u_" + stamp + "_del");
    TestDatabase onTarget = new TestDatabase(target, db.name());
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, left.get(0)));
    assertThat(rows(onTarget, "u")).isEqualTo(rows(db, left.get(1)));
    assertThat(messages)
        .contains("the old table " + db.name() + "._t_del is kept as " + left.get(0))
        .contains("the old table " + db.name() + "._u_del is kept as " + left.get(1));
  }

  @Test
  void aRefusingBeforeCutOverHookLeavesTheSourceUntouched(TestDatabase db, MysqlInstance source)
      throws Exception {
    sysbenchTable(db, "t", 2_000);
    Path hooks = Files.createDirectories(WORK.resolve("move-refuse-" + db.name()));
    Path refuse = hooks.resolve("gh-ost-on-before-cut-over");
    Files.writeString(refuse, "#!/bin/sh\necho not now >&2\nexit 3\n");
    executable(refuse);

    assertThatThrownBy(
            () ->
                new MigrationController(
                        moving(db, source, "t", target, Duration.ofSeconds(20), hooks(hooks)),
                        new MigrationListener() {},
                        CutoverHook.NONE)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("gh-ost-on-before-cut-over")
        .hasMessageContaining("is intact");
    assertThat(hasTable(db, "t")).isTrue();
    assertThat(hasTable(db, "_t_del")).isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(2_000L);
  }

  @Test
  void aCompressedTransactionDuringTheDrainRenamesTheSourceBackAndStopsTheMove(
      TestDatabase db, MysqlInstance source) {
    sysbenchTable(db, "t", 2_000);
    db.execute("CREATE TABLE other (id INT PRIMARY KEY)");
    // after T1 renamed the source away: a transaction the job would skip (docs/operations.md,
    // "Changes the job cannot read"), caught by the last look before T4
    CutoverHook compressAtT2 =
        new CutoverHook() {
          @Override
          public void beforeStep(CutoverStep step, int attempt, Sessions sessions) {}

          @Override
          public void beforeMoveStep(MoveCutover.Step step, int attempt) throws Exception {
            if (step == MoveCutover.Step.READ_DRAIN_GTIDS && attempt == 1) {
              try (Connection c = db.connect();
                  Statement s = c.createStatement()) {
                s.execute("SET SESSION binlog_transaction_compression = ON");
                s.execute("INSERT INTO other VALUES (1)");
              }
            }
          }
        };
    assertThatThrownBy(
            () ->
                new MigrationController(
                        moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
                        MigrationListener.NONE,
                        compressAtT2)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("the server wrote 1 transaction(s) to its binlog compressed")
        .hasMessageContaining("nothing was swapped");
    assertThat(hasTable(db, "t")).as("the source table is back in place").isTrue();
    assertThat(hasTable(db, "_t_del")).isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(2_000L);
  }

  @Test
  void aDrainThatTimesOutRenamesTheSourceBackAndALaterAttemptMoves(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 5_000);
    TestDatabase onTarget = new TestDatabase(target, db.name());
    List<String> messages = new ArrayList<>();
    AtomicBoolean held = new AtomicBoolean();
    // the first time the cut-over begins, the target table is locked for 3 s: the job cannot
    // apply the drain set, the 1 s drain times out, and the source table must come back
    MigrationListener holdTheTarget =
        new MigrationListener() {
          @Override
          public void phase(MigrationPhase phase) {
            if (phase == MigrationPhase.CUTOVER && !held.getAndSet(true)) {
              java.util.concurrent.CountDownLatch granted =
                  new java.util.concurrent.CountDownLatch(1);
              Thread holder =
                  new Thread(
                      () -> {
                        try (Connection c = onTarget.connect();
                            Statement s = c.createStatement()) {
                          s.execute("LOCK TABLES t WRITE");
                          granted.countDown();
                          Thread.sleep(3_000); // how long the job is held: longer than the drain
                          s.execute("UNLOCK TABLES");
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      });
              holder.start();
              try {
                // the lock is granted before T1
                assertThat(granted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              // a change the job cannot apply while the target is locked, in the drain set
              // whatever the workload did just before (it once had nothing pending: the drain
              // took 13 ms and attempt 1 moved). A new key beyond the workload's range: an
              // UPDATE of id 1 changed nothing, so wrote no transaction, when the workload had
              // just deleted or moved that row
              db.execute("INSERT INTO t (id, k, c, pad) VALUES (1000001, 1, 'drain', 'drain')");
            }
          }

          @Override
          public void message(String line) {
            messages.add(line);
          }
        };
    try (Workload workload = Workload.start(db, "t", 10_000, 2, 100, 5).refusing(1146)) {
      new MigrationController(
              moving(db, source, "t", target, Duration.ofSeconds(1), HookSettings.NONE),
              holdTheTarget,
              CutoverHook.NONE)
          .execute();
    }
    assertThat(messages)
        .anyMatch(
            m ->
                m.startsWith("cut-over attempt 1 failed")
                    && m.contains("T3 AWAIT_DRAIN_GTIDS")
                    && m.contains("renamed back"));
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del"));
  }

  /**
   * The target's table serves with statistics of its rows and the source's histograms: a table that
   * says STATS_AUTO_RECALC=0 would otherwise arrive estimated at 0 rows and without them
   * (TableStatisticsIT).
   */
  @Test
  void aMovedTableArrivesAnalyzedWithTheSourcesHistograms(TestDatabase db, MysqlInstance source)
      throws Exception {
    sysbenchTable(db, "t", 5_000);
    db.execute(
        "ALTER TABLE t STATS_AUTO_RECALC=0",
        "ANALYZE TABLE t UPDATE HISTOGRAM ON k, c WITH 32 BUCKETS",
        "ANALYZE TABLE t");
    List<String> messages = new ArrayList<>();

    new MigrationController(
            moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
            messages(messages),
            CutoverHook.NONE)
        .execute();

    TestDatabase onTarget = new TestDatabase(target, db.name());
    assertThat(TableStatisticsIT.estimatedRows(onTarget, "t")).isBetween(2_500L, 15_000L);
    assertThat(TableStatisticsIT.histograms(onTarget, "t"))
        .containsExactly(java.util.Map.entry("k", 32L), java.util.Map.entry("c", 32L));
    assertThat(messages)
        .anyMatch(
            m ->
                m.startsWith("statistics: analyzed ")
                    && m.contains(", its histograms on k, c carried from the original in "));
  }

  /**
   * A source table in a DATA DIRECTORY the target does not know: the move would fail creating the
   * target's table after its preflight said yes; preflight says what to do, and the table the
   * operator then makes on the target, where that server keeps such tables, is moved into.
   */
  @Test
  void aTableInADataDirectoryTheTargetDoesNotKnowIsMovedIntoTheTableMadeThereForIt(
      TestDatabase db, MysqlInstance source) throws Exception {
    String onSource = (String) db.scalar("SELECT @@GLOBAL.innodb_directories");
    String columns =
        "(id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c VARCHAR(120) NOT NULL DEFAULT '', pad VARCHAR(60) NOT NULL DEFAULT '',"
            + " KEY k_idx (k))";
    db.execute(
        "CREATE TABLE t " + columns + " DATA DIRECTORY = '" + onSource + "'",
        "INSERT INTO t (id, k, c, pad) VALUES (2, 1, 'a', 'b'), (4, 2, 'c', 'd')");
    TestDatabase onTarget = TestDatabase.create(target, db.name());

    assertThatThrownBy(
            () ->
                new MigrationController(
                        moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
                        MigrationListener.NONE,
                        CutoverHook.NONE)
                    .execute())
        .hasMessageContaining(
            db.name()
                + ".t lives in DATA DIRECTORY '"
                + onSource
                + "/' on the source, which the"
                + " target "
                + target.host()
                + ":"
                + target.port()
                + " does not know")
        .hasMessageContaining("create " + db.name() + ".t there yourself, empty");
    assertThat(onTarget.tables()).isEmpty();
    assertThat(hasTable(db, "t")).isTrue();

    String there = (String) onTarget.scalar("SELECT @@GLOBAL.innodb_directories");
    onTarget.execute("CREATE TABLE t " + columns + " DATA DIRECTORY = '" + there + "'");
    new MigrationController(
            moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
            MigrationListener.NONE,
            CutoverHook.NONE)
        .execute();

    assertThat(DataDirectoryIT.file(onTarget, "t")).startsWith(there);
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del")).hasSize(2);
  }

  @Test
  void theTargetCountsOnFromTheSourcesAutoIncrementCounter(TestDatabase db, MysqlInstance source)
      throws Exception {
    AutoIncrementIT.queueTable(db);
    TableRef t = new TableRef(db.name(), "t");
    TestDatabase onTarget = new TestDatabase(target, db.name());
    java.util.concurrent.atomic.AtomicLong atRename = new java.util.concurrent.atomic.AtomicLong();
    // just before the rename, long after the target was made: inserts rolled back and a row
    // inserted and deleted move the source's counter past anything its binlog shows the target
    CutoverHook hook =
        new CutoverHook() {
          @Override
          public void beforeStep(CutoverStep step, int attempt, Sessions sessions) {}

          @Override
          public void beforeMoveStep(MoveCutover.Step step, int attempt) throws Exception {
            if (step == MoveCutover.Step.RENAME_SOURCE && atRename.get() == 0) {
              atRename.set(AutoIncrementIT.takeIdsWithoutRows(db, t));
            }
          }
        };

    new MigrationController(
            moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
            new MigrationListener() {},
            hook)
        .execute();

    assertThat(atRename.get()).isGreaterThan(901);
    assertThat(AutoIncrementIT.counter(onTarget, t)).isEqualTo(atRename.get());
    assertThat(onTarget.query("SELECT id, k, c FROM t ORDER BY id"))
        .hasSize(900)
        .isEqualTo(db.query("SELECT id, k, c FROM _t_del ORDER BY id"));
  }

  @Test
  void theMoveCommandPlansByDefaultRefusesTheSourceAsTargetAndMovesWithExecute(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 3_000);
    String movedName = "moved_" + Integer.toHexString(db.name().hashCode());
    Path password = Files.createDirectories(WORK.resolve("move-cli")).resolve("pw-" + db.name());
    Files.writeString(password, source.password() + "\n");
    List<String> common =
        List.of(
            "move",
            "--source-host",
            source.host(),
            "--source-port",
            Integer.toString(source.port()),
            "--source-user",
            source.user(),
            "--source-password-file",
            password.toString(),
            "--database",
            db.name(),
            "--tables",
            "t",
            "--state-dir",
            WORK.resolve("state").resolve("cli-" + db.name()).toString(),
            "--checkpoint-interval",
            "500ms",
            "--target-user",
            target.user(),
            "--target-password-file",
            password.toString(),
            "--target-database",
            movedName);
    TestDatabase moved = new TestDatabase(target, movedName);

    Migrations.Cli plan =
        cli(common, "--target-host", target.host(), "--target-port", "" + target.port());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("Move plan for " + db.name() + ".t")
        .contains("creates " + movedName + ".t on " + target.host() + ":" + target.port())
        .contains("Dry run: nothing was changed. Add --execute to move.");
    assertThat(
            (Long)
                new TestDatabase(target, "mysql")
                    .scalar(
                        "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
                        movedName))
        .as("a dry run creates nothing on the target")
        .isZero();

    Migrations.Cli self =
        cli(common, "--target-host", source.host(), "--target-port", "" + source.port());
    assertThat(self.code()).isEqualTo(io.ghostflink.controller.cli.Ghostflink.BAD_INPUT);
    assertThat(self.err().strip().lines()).hasSize(1);
    assertThat(self.err()).contains("the target is the source server").doesNotContain("\tat ");

    Migrations.Cli missing =
        cli(
            common.stream().map(a -> a.equals("t") ? "t,nosuch" : a).toList(),
            "--target-host",
            target.host(),
            "--target-port",
            "" + target.port());
    assertThat(missing.code()).isEqualTo(io.ghostflink.controller.cli.Ghostflink.BAD_INPUT);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).contains("nosuch").doesNotContain("\tat ");

    Migrations.Cli run =
        cli(
            common,
            "--target-host",
            target.host(),
            "--target-port",
            "" + target.port(),
            "--execute");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Moved " + db.name() + ".t: ");
    assertThat(rows(moved, "t")).isEqualTo(rows(db, "_t_del")).hasSize(3_000);
  }

  private static Migrations.Cli cli(List<String> common, String... more) {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of(more));
    return Migrations.run(args);
  }

  @Test
  void aPausedMoveResumesFromItsSavepointAndMoves(TestDatabase db, MysqlInstance source)
      throws Exception {
    sysbenchTable(db, "t", 20_000);
    Migrations.freshStateDir(db);
    MigrationOptions options =
        moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE);
    java.util.concurrent.atomic.AtomicReference<MigrationController> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    MigrationListener pauseInCopy =
        new MigrationListener() {
          @Override
          public void progress(Progress p) {
            if (p.copiedRows() > 0) {
              running.get().requestPause();
            }
          }
        };
    MigrationSummary summary;
    try (Workload workload = Workload.start(db, "t", 40_000, 2, 200, 17).refusing(1146)) {
      running.set(new MigrationController(options, pauseInCopy, CutoverHook.NONE));
      assertThatThrownBy(() -> running.get().execute())
          .isInstanceOf(MigrationPausedException.class);
      assertThat(hasTable(db, "t")).isTrue();
      Path password = Files.writeString(options.stateDir().resolve("pw"), source.password());
      Migrations.Cli status =
          cli(Migrations.cliArgs("status", source, password, db, options.stateDir()));
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out())
          .contains("phase: PAUSED")
          .contains("moving to: " + target.host() + ":" + target.port() + " " + db.name() + ".t")
          .containsPattern("copy: [1-9][0-9]* rows")
          .contains("resume possible: yes, from its savepoint");
      // writes while paused: the resumed job reads them from the binlog
      long atPause = workload.committed();
      Migrations.await(() -> workload.committed() >= atPause + 20, "20 writes while paused");
      summary =
          new MigrationController(options, new MigrationListener() {}, CutoverHook.NONE).resume();
    }
    assertThat(summary.cutOverAttempts()).isEqualTo(1);
    assertThat(rows(new TestDatabase(target, db.name()), "t")).isEqualTo(rows(db, "_t_del"));
  }

  /**
   * The controller, in a JVM of its own, is killed (SIGKILL, its job with it) at a step of the
   * cut-over, then resumed: after T1 and after T2 the source table is renamed back and the move
   * completes in a new cut-over; after T4 the resume only cleans up.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "killed before {0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"READ_DRAIN_GTIDS", "AWAIT_DRAIN_GTIDS", "MARK_COMPLETE", "SUCCESS_HOOKS"})
  void aControllerKilledInTheCutOverIsResumedWithoutLosingARow(
      String step, TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 5_000);
    Path state = Migrations.freshStateDir(db);
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Workload workload = Workload.start(db, "t", 10_000, 2, 100, 23).refusing(1146)) {
      Process child = parkedMove(db, source, state, step, List.of());
      try {
        Migrations.await(
            () -> {
              assertThat(child.isAlive()).as("the move's process runs").isTrue();
              return Files.exists(state.resolve(ParkedMigration.PARKED));
            },
            "the move to park before " + step);
      } finally {
        child.destroyForcibly().waitFor();
      }
      assertThat(hasTable(db, "t")).as("renamed away at T1").isFalse();
      new MigrationController(
              moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE),
              messages(messages),
              CutoverHook.NONE)
          .resume();
    }
    if (step.equals("SUCCESS_HOOKS")) {
      assertThat(messages).anyMatch(m -> m.contains("had completed before the last controller"));
    } else {
      assertThat(messages).anyMatch(m -> m.contains("renamed it back"));
    }
    assertThat(hasTable(db, "t")).isFalse();
    assertThat(rows(new TestDatabase(target, db.name()), "t")).isEqualTo(rows(db, "_t_del"));
    assertThat(hasTable(db, "_t_ghc")).isFalse();
  }

  /** Two tables moved together, the controller killed after their one RENAME, then resumed. */
  @Test
  void twoTablesKilledAfterTheirRenameAreRenamedBackTogetherAndMovedOnResume(
      TestDatabase db, MysqlInstance source) throws Exception {
    sysbenchTable(db, "t", 3_000);
    sysbenchTable(db, "u", 3_000);
    Path state = Migrations.freshStateDir(db);
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process child = parkedMove(db, source, state, "AWAIT_DRAIN_GTIDS", List.of("u"));
    try {
      Migrations.await(
          () -> {
            assertThat(child.isAlive()).as("the move's process runs").isTrue();
            return Files.exists(state.resolve(ParkedMigration.PARKED));
          },
          "the move to park after its RENAME");
    } finally {
      child.destroyForcibly().waitFor();
    }
    assertThat(hasTable(db, "t") || hasTable(db, "u")).as("both renamed by one RENAME").isFalse();
    db.execute("UPDATE _u_del SET c = 'not yet' WHERE id = 2"); // nothing may write it now...
    db.execute(
        "UPDATE _u_del SET c = c WHERE id = 2"); // ...but the test may, to show the rows go on
    MigrationOptions o = moving(db, source, "t", target, Duration.ofSeconds(20), HookSettings.NONE);
    new MigrationController(
            o.movingTo(
                new MoveTarget(
                    o.move().server(), db.name(), o.move().drainTimeout(), null, List.of("u"))),
            messages(messages),
            CutoverHook.NONE)
        .resume();
    assertThat(messages).anyMatch(m -> m.contains("renamed it back"));
    TestDatabase onTarget = new TestDatabase(target, db.name());
    assertThat(rows(onTarget, "t")).isEqualTo(rows(db, "_t_del"));
    assertThat(rows(onTarget, "u")).isEqualTo(rows(db, "_u_del"));
    assertThat(onTarget.scalar("SELECT c FROM u WHERE id = 2")).isEqualTo("not yet");
  }

  /**
   * A move of {@code db}'s {@code t} (and {@code more}) in a JVM of its own that parks before the
   * cut-over step {@code step} (ParkedMigration), to be killed there.
   */
  private static Process parkedMove(
      TestDatabase db, MysqlInstance source, Path state, String step, List<String> more)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                source.host(),
                Integer.toString(source.port()),
                source.user(),
                source.password(),
                db.name(),
                "t",
                "-",
                state.toString(),
                Integer.toString(7900 + (int) (ProcessHandle.current().pid() % 90)),
                step,
                "stream",
                target.host() + ":" + target.port()));
    if (!more.isEmpty()) {
      args.add(String.join(",", more));
    }
    return Migrations.startJvm(state, ParkedMigration.class.getName(), args);
  }

  private static HookSettings hooks(Path dir) {
    return new HookSettings(dir, "", Duration.ofSeconds(30), Duration.ofMinutes(10));
  }

  private static MigrationListener messages(List<String> into) {
    return new MigrationListener() {
      @Override
      public void message(String line) {
        into.add(line);
      }
    };
  }

  /** Keeps the messages, and runs {@code statements} on the target when the checksum begins. */
  private static MigrationListener spoilingAtChecksum(
      TestDatabase onTarget, List<String> messages, String... statements) {
    return new MigrationListener() {
      private boolean spoiled;

      @Override
      public void phase(MigrationPhase phase) {
        // once: a checksum attempt that misses its consistent point enters CHECKSUM again
        if (phase == MigrationPhase.CHECKSUM && !spoiled) {
          spoiled = true;
          onTarget.execute(statements);
        }
      }

      @Override
      public void message(String line) {
        messages.add(line);
      }
    };
  }

  private static void recordingHook(Path dir, String name, Path log) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "#!/bin/sh\necho \""
            + name
            + " target=$GH_OST_TARGET_HOST targetdb=$GH_OST_TARGET_DATABASE_NAME"
            + " drain=$GH_OST_DRAIN_GTID\" >> "
            + log
            + "\n");
    executable(f);
  }

  private static void executable(Path f) throws Exception {
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Every row of {@code table} as text, in key order. */
  private static List<List<Object>> rows(TestDatabase db, String table) {
    return db.query("SELECT id, k, c, pad FROM " + Identifiers.quote(table) + " ORDER BY id");
  }
}
