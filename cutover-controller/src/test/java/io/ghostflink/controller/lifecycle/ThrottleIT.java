package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.cli;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withThrottle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cli.Ghostflink;
import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.throttle.LoadThresholds;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling as gh-ost's users script it: a flag file, max load, critical load, a throttle query,
 * and the operator's throttle, no-throttle and set commands from another process's CLI. While
 * throttled the copy takes no new chunk, the binlog apply goes on, and no cut-over starts.
 */
@ExtendWith(MysqlExtension.class)
class ThrottleIT {
  private static final int ROWS = 20_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");

  @TempDir Path dir;

  /** The last progress reading of a running migration. */
  private static final class Watch implements MigrationListener {
    final AtomicReference<Progress> last = new AtomicReference<>();

    @Override
    public void progress(Progress p) {
      last.set(p);
    }

    Progress await(Predicate<Progress> condition, String what) throws InterruptedException {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (true) {
        Progress p = last.get();
        if (p != null && condition.test(p)) {
          return p;
        }
        assertThat(Instant.now()).as("waiting for " + what + "; last: " + p).isBefore(deadline);
        Thread.sleep(50);
      }
    }

    /**
     * Waits until the copy is held and then, 3 s on, for a reading while it is still held in which
     * the ghost table lags the writers by under a second: the binlog apply went on. (The count of
     * changes applied does not show it: a change to a row no chunk has reached is left to the copy,
     * and a copy held from its start has reached none.)
     */
    Progress awaitApplyGoesOn(String what) throws InterruptedException {
      await(p -> p.throttled() != null, what + ": the hold");
      long held = System.nanoTime();
      return await(
          p ->
              System.nanoTime() - held >= 3_000_000_000L
                  && p.throttled() != null
                  && p.lagMillis() < 1_000,
          what);
    }
  }

  static ThrottleSettings throttle(
      String maxLoad, String criticalLoad, Path flagFile, String query) {
    return new ThrottleSettings(
        LoadThresholds.parse("--max-load", maxLoad),
        LoadThresholds.parse("--critical-load", criticalLoad),
        Duration.ZERO,
        flagFile,
        query,
        null,
        Duration.ofMillis(1500),
        null,
        List.of(),
        0,
        0,
        0,
        0,
        null,
        null);
  }

  private static CompletableFuture<MigrationSummary> start(
      MigrationOptions options, MigrationListener listener, CutoverHook hook) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new MigrationController(options, listener, hook).execute();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aFlagFileHoldsTheCopyFromTheStartWhileTheApplyGoesOn(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Path flag = Files.createFile(dir.resolve("throttle.flag"));
    Watch watch = new Watch();
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 31)) {
      CompletableFuture<MigrationSummary> run =
          start(
              withThrottle(options(db, mysql, "t", ALTER), throttle(null, null, flag, null)),
              watch,
              beforeFirstCutover(workload::close));
      MigrationListener.Progress held = watch.awaitApplyGoesOn("writes applied while throttled");
      assertThat(held.throttled()).contains("flag file").contains(flag.toString());
      Thread.sleep(1_000);
      assertThat(watch.last.get().copiedRows()).as("no chunk copied while throttled").isZero();
      assertThat(watch.last.get().phase()).isEqualTo(MigrationPhase.COPY);

      Files.delete(flag);
      MigrationSummary summary = run.get(3, TimeUnit.MINUTES);
      assertThat(summary.rowsCopied()).isPositive();
    }
    assertSameRows(db, "t", SAME);
  }

  /**
   * gh-ost's {@code --throttle-http}: the application's health URL answers 503 while the copy must
   * wait (here, from the start), and the copy takes no chunk while the apply goes on; at its first
   * 200 the copy goes on and the migration ends equal.
   */
  @Test
  void anApplicationsHttpAnswerHoldsTheCopy(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    java.util.concurrent.atomic.AtomicInteger status =
        new java.util.concurrent.atomic.AtomicInteger(503);
    com.sun.net.httpserver.HttpServer app =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    app.start();
    ThrottleSettings http =
        defaultsWith(
            null,
            io.ghostflink.controller.throttle.HttpThrottle.Check.of(
                "http://127.0.0.1:" + app.getAddress().getPort() + "/health"),
            0,
            0);
    Watch watch = new Watch();
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 53)) {
      CompletableFuture<MigrationSummary> run =
          start(
              withThrottle(options(db, mysql, "t", ALTER), http),
              watch,
              beforeFirstCutover(workload::close));
      MigrationListener.Progress held =
          watch.awaitApplyGoesOn("writes applied while the application answers 503");
      assertThat(held.throttled()).startsWith("throttle-http http://127.0.0.1:").endsWith(" 503");
      assertThat(cli(db, mysql, "status").out()).contains("throttle: throttle-http");
      assertThat(watch.last.get().copiedRows()).as("no chunk copied while held").isZero();
      status.set(200);
      assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isPositive();
    } finally {
      app.stop(0);
    }
    assertSameRows(db, "t", SAME);
  }

  /**
   * The default guard for the writers: once the copy runs, every commit on the server is made 60 ms
   * slower (a group-commit delay, as a saturated disk would): the copy is held, and since the
   * commits stay slow while it is held, that becomes the new baseline and the copy goes on.
   *
   * <p>The copy cannot end before the guard has spoken: the migration starts held by a flag file;
   * meanwhile the test's own session inserts the table's last row into the ghost table in a
   * transaction it keeps open, so the copy's chunk that holds that row waits for the row's lock
   * (its read of the original takes none) until the test has seen the hold and rolls back.
   */
  @Test
  void slowCommitsHoldTheCopyAndAServerThatStaysSlowDoesNotStopIt(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    long last = 4L * ROWS + 2; // the workload writes ids 1..2 * ROWS
    db.execute("INSERT INTO t (id, k, c, pad) VALUES (" + last + ", 1, 'last', 'last')");
    Path flag = Files.createFile(dir.resolve("hold"));
    ThrottleSettings flagged = ThrottleSettings.DEFAULTS.withFlagFile(flag);
    Watch watch = new Watch();
    assertThat(flagged.maxCommitLatencyRatio()).as("on by default").isEqualTo(3);
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 43);
        java.sql.Connection blocker = db.connect()) {
      CompletableFuture<MigrationSummary> run =
          start(
              withThrottle(options(db, mysql, "t", ALTER), flagged),
              watch,
              beforeFirstCutover(workload::close));
      watch.await(
          p -> p.phase() == MigrationPhase.COPY && p.throttled() != null,
          "the copy to be held by the flag file");
      assertThat(watch.last.get().copiedRows()).isZero();
      blocker.setAutoCommit(false);
      try (java.sql.Statement s = blocker.createStatement()) {
        s.executeUpdate(
            "INSERT INTO _t_gho (id, k, c, pad) VALUES (" + last + ", 1, 'last', 'last')");
      }
      Files.delete(flag);
      watch.await(p -> p.copiedRows() > 0, "the copy to start");
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 60000");
      MigrationListener.Progress held =
          watch.await(
              p -> p.throttled() != null && p.throttled().startsWith("commits take"),
              "the commit-latency guard");
      assertThat(held.throttled()).contains("they took without the copy");
      assertThat(held.phase()).isEqualTo(MigrationPhase.COPY);
      // the held copy has not written the last row (a read that takes no lock does not see the
      // blocker's uncommitted insert), so the copy is still running when the guard holds it
      assertThat(((Number) db.scalar("SELECT COUNT(*) FROM _t_gho WHERE id = ?", last)).longValue())
          .as("the last row's chunk waits")
          .isZero();
      assertThat(run).as("the migration is still copying").isNotDone();
      blocker.rollback(); // the chunk holding the last row may go on now
      long copied = held.copiedRows();
      watch.await(
          p -> p.copiedRows() > copied && p.throttled() == null,
          "the copy to go on under the slower server");
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 0");
      assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isPositive();
    } finally {
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 0");
    }
    assertSameRows(db, "t", SAME);
  }

  /**
   * The commit-latency guard protects other sessions' writes: while the copy's planner sees no
   * session but ghostflink's change rows, commits slowed as above hold nothing (a no-load copy lost
   * a tenth of its time to such holds, docs/benchmarks.md, session 17).
   */
  @Test
  void slowCommitsHoldNothingWhileNoOtherSessionWrites(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    // a copy long enough for the guard to have held it (about a second) after the delay is set
    int rows = 4 * ROWS;
    sysbenchTable(db, "t", rows);
    java.util.Set<String> throttles = java.util.concurrent.ConcurrentHashMap.newKeySet();
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void progress(Progress p) {
            if (p.throttled() != null) {
              throttles.add(p.throttled());
            }
          }
        };
    try {
      CompletableFuture<MigrationSummary> run =
          start(
              withThrottle(options(db, mysql, "t", ALTER), ThrottleSettings.DEFAULTS),
              listener,
              CutoverHook.NONE);
      Migrations.await(
          () -> "yes".equals(changelogValue(db, ChangelogSql.COPY_ALONE)),
          "the planner to see that nobody else writes");
      // commits 20 ms slower: the guard holds within a second where others write (the test above)
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 20000");
      assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isEqualTo(rows);
    } finally {
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 0");
    }
    assertThat(throttles).noneMatch(t -> t.startsWith("commits take"));
    assertSameRows(db, "t", SAME);
  }

  /**
   * The redo log's hold, end to end: with the ratio set below what InnoDB keeps of its (shrunk, 8
   * MB) redo log while writers write, the copy takes no chunk, and the progress line and {@code
   * status} say why; {@code set max-checkpoint-age-ratio=0} from another process releases it, and
   * the migration ends equal. (That a copy at full speed is held short of InnoDB's synchronous
   * flush is measured by the writers bench, docs/benchmarks.md.)
   */
  @Test
  void theRedoLogHoldsNewChunksUntilTheOperatorLetsThemGo(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Watch watch = new Watch();
    withTinyRedoLog(
        db,
        () -> {
          try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 37)) {
            CompletableFuture<MigrationSummary> run =
                start(
                    withThrottle(options(db, mysql, "t", ALTER), TINY_REDO_RATIO),
                    watch,
                    beforeFirstCutover(workload::close));
            MigrationListener.Progress held =
                watch.await(
                    p -> p.throttled() != null && p.throttled().startsWith("redo log"),
                    "the redo log's hold");
            assertThat(held.throttled())
                .contains("> max-checkpoint-age-ratio 0.001")
                .contains("InnoDB's checkpoint");
            assertThat(cli(db, mysql, "status").out()).contains("throttle: redo log");
            MigrationListener.Progress applying =
                watch.awaitApplyGoesOn("writes applied while held");
            assertThat(applying.copiedRows()).as("no chunk copied while held").isZero();

            assertThat(cli(db, mysql, "set", "max-checkpoint-age-ratio=0").code())
                .isEqualTo(Ghostflink.OK);
            assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isPositive();
          }
        });
    assertSameRows(db, "t", SAME);
  }

  /**
   * The machine's CPU hold, end to end: MySQL is on this machine (a loopback address), so with the
   * ratio at 1% (any machine running a migration and writers is busier) the planner holds new
   * chunks while the writers write, and the progress line and {@code status} say why; {@code set
   * max-cpu-ratio=0} from another process releases it, and the migration ends equal. (That a hold
   * lasts at most a second, then lets each reader take a chunk, is ChunkEnumeratorTest's; what it
   * does for the writers near capacity, the writers bench's, docs/benchmarks.md.)
   */
  @Test
  void aBusyMachineHoldsNewChunksWhileOthersWrite(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Watch watch = new Watch();
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 41)) {
      CompletableFuture<MigrationSummary> run =
          start(
              withThrottle(options(db, mysql, "t", ALTER), defaultsWith(null, null, 0, 0, 0.01)),
              watch,
              beforeFirstCutover(workload::close));
      MigrationListener.Progress held =
          watch.await(
              p -> p.throttled() != null && p.throttled().startsWith("this machine's CPUs"),
              "the machine's CPU hold");
      assertThat(held.throttled()).contains("> max-cpu-ratio 0.01").contains("MySQL runs here");
      assertThat(cli(db, mysql, "status").out()).contains("throttle: this machine's CPUs");
      assertThat(cli(db, mysql, "set", "max-cpu-ratio=0").code()).isEqualTo(Ghostflink.OK);
      assertThat(cli(db, mysql, "set", "max-cpu-ratio=2").code())
          .as("a share of the CPU is at most 1")
          .isNotEqualTo(Ghostflink.OK);
      assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isPositive();
    }
    assertSameRows(db, "t", SAME);
  }

  @Test
  void theRedoLogHoldsNothingWhileNoOtherSessionWrites(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Watch watch = new Watch();
    withTinyRedoLog(
        db,
        () -> {
          // the same ratio as above, which InnoDB never comes under while the copy writes: only
          // ghostflink's own sessions change rows, so nobody waits on the flush
          MigrationSummary done =
              start(
                      withThrottle(options(db, mysql, "t", ALTER), TINY_REDO_RATIO),
                      watch,
                      CutoverHook.NONE)
                  .get(2, TimeUnit.MINUTES);
          assertThat(done.rowsCopied()).isEqualTo(ROWS);
        });
    assertSameRows(db, "t", SAME);
  }

  @Test
  void otherSessionsSlowerWritesHoldTheCopy(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    Path flag = Files.createFile(dir.resolve("throttle.flag"));
    // the flag file holds the copy for the test: a hold is seen before the last chunk
    ThrottleSettings latencyOnly =
        defaultsWith(flag, null, ThrottleSettings.DEFAULT_COMMIT_LATENCY_RATIO, 0);
    java.util.Set<String> holds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread watcher = new Thread(() -> watchCopyHold(db, holds), "copy-hold-watcher");
    watcher.setDaemon(true);
    watcher.start();
    try (Workload writers = Workload.start(db, "t", 2L * ROWS, 2, 200, 43)) {
      CompletableFuture<MigrationSummary> run =
          start(
              withThrottle(options(db, mysql, "t", ALTER), latencyOnly),
              new Watch(),
              beforeFirstCutover(writers::close));
      Migrations.await(
          () -> holds.stream().anyMatch(h -> h.startsWith("measuring how long other sessions")),
          "the planner to measure the writers' statements without the copy");
      // the baseline is set when the measuring hold ends: the writers' statements alone
      Migrations.await(() -> !copyHold(db).startsWith("measuring"), "the measuring hold to end");
      // 20 writes a second of 50 ms each: about ten times what the writers' statements took
      try (Workload slow =
          Workload.scripted(
              db,
              List.of("UPDATE `t` SET k = k WHERE id = {id} AND SLEEP(0.05) = 0"),
              ROWS,
              2,
              20,
              47)) {
        Migrations.await(
            () -> holds.stream().anyMatch(h -> h.startsWith("other sessions' writes take")),
            "the planner to hold the copy for the slower writes");
      }
      assertThat(holds)
          .filteredOn(h -> h.startsWith("other sessions' writes take"))
          .first()
          .asString()
          .contains("over 3.0 × the");
      // the hold also paced the copy from then on: every reader rests after each chunk
      Migrations.await(
          () -> changelogValue(db, ChangelogSql.COPY_PACE).startsWith("each reader rests "),
          "the planner to pace the copy after the writers' latency hold");
      assertThat(cli(db, mysql, "status").out())
          .containsPattern("copy pace: each reader rests [124]\\.00 × a chunk's time after each");
      Files.delete(flag);
      assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isPositive();
    } finally {
      watcher.interrupt();
    }
    assertSameRows(db, "t", SAME);
  }

  /**
   * {@code --quiet-parallelism}'s default: with nobody else writing, a second reader copies beside
   * the first (the flag file holds the copy long enough for the planner to see that nobody does).
   */
  @Test
  void aQuietServerIsCopiedByTwoReaders(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    Path flag = Files.createFile(dir.resolve("throttle.flag"));
    MigrationOptions options = flaggedAtParallelismOne(db, mysql, flag);
    assertThat(options.quietReaders()).as("the default").isEqualTo(2);
    AtomicReference<Long> readers = new AtomicReference<>();
    Watch watch = new Watch();
    CompletableFuture<MigrationSummary> run =
        start(options, watch, beforeFirstCutover(() -> readers.set(copyReaders(db))));
    watch.await(p -> p.throttled() != null, "the flag file's hold");
    // the planner reads other sessions' writes every 250 ms, also while held
    Migrations.await(
        () -> changelogValue(db, ChangelogSql.COPY_READERS).startsWith("2 readers"),
        "the planner to widen the copy while nobody else writes");
    assertThat(cli(db, mysql, "status").out())
        .contains(
            "copy readers: 2 readers: no other session changes rows on the server"
                + " (--quiet-parallelism)");
    Files.delete(flag);
    assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isEqualTo(ROWS);
    assertThat(readers.get()).as("readers that copied a chunk").isEqualTo(2);
    assertSameRows(db, "t", SAME);
  }

  /**
   * A heartbeat of one row a second (pt-heartbeat's default) is not an application that writes: the
   * planner keeps the copy wide (and so unheld by the redo log, the machine's CPU and the commit
   * guard) all along. Before session 23 it counted two rows in the 1–1.25 s between its readings
   * now and then, and narrowed and held the copy as if someone wrote. The flag file holds the copy
   * for the 6 s watched (the planner reads other sessions' writes every 250 ms, also while held).
   */
  @Test
  void aHeartbeatOfARowASecondLeavesTheCopyWide(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    db.execute("CREATE TABLE heartbeat (id INT AUTO_INCREMENT PRIMARY KEY, ts TIMESTAMP(6))");
    Path flag = Files.createFile(dir.resolve("throttle.flag"));
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong beats = new java.util.concurrent.atomic.AtomicLong();
    Thread heartbeat =
        new Thread(
            () -> {
              try (java.sql.Connection c = db.connect();
                  java.sql.Statement st = c.createStatement()) {
                while (!stop.get()) {
                  st.executeUpdate("INSERT INTO heartbeat (ts) VALUES (NOW(6))");
                  beats.incrementAndGet();
                  Thread.sleep(1000);
                }
              } catch (java.sql.SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "heartbeat");
    heartbeat.start();
    AtomicReference<Long> readers = new AtomicReference<>();
    try {
      CompletableFuture<MigrationSummary> run =
          start(
              flaggedAtParallelismOne(db, mysql, flag),
              new Watch(),
              beforeFirstCutover(() -> readers.set(copyReaders(db))));
      Migrations.await(
          () -> "yes".equals(changelogValue(db, ChangelogSql.COPY_ALONE)),
          "the planner to see that nobody but a heartbeat writes");
      long beatsBefore = beats.get();
      long until = System.nanoTime() + 6_000_000_000L;
      while (System.nanoTime() < until) {
        assertThat(changelogValue(db, ChangelogSql.COPY_ALONE))
            .as("the copy alone while a heartbeat writes, after %d beats", beats.get())
            .isEqualTo("yes");
        Thread.sleep(20);
      }
      assertThat(beats.get() - beatsBefore).as("beats while watched").isGreaterThanOrEqualTo(5);
      Files.delete(flag);
      assertThat(run.get(3, TimeUnit.MINUTES).rowsCopied()).isEqualTo(ROWS);
    } finally {
      stop.set(true);
      heartbeat.join();
    }
    assertThat(readers.get()).as("readers that copied a chunk").isEqualTo(2);
    assertSameRows(db, "t", SAME);
  }

  /** The same migration while the application writes: the copy keeps to one reader throughout. */
  @Test
  void writersKeepTheCopyToOneReader(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    AtomicReference<Long> readers = new AtomicReference<>();
    try (Workload writers = Workload.start(db, "t", 2L * ROWS, 2, 200, 59)) {
      MigrationSummary summary =
          start(
                  Migrations.withParallelism(
                      withThrottle(options(db, mysql, "t", ALTER), ThrottleSettings.DEFAULTS), 1),
                  new Watch(),
                  beforeFirstCutover(
                      () -> {
                        readers.set(copyReaders(db));
                        writers.close();
                      }))
              .get(3, TimeUnit.MINUTES);
      assertThat(summary.rowsCopied()).isPositive();
    }
    assertThat(readers.get()).as("readers that copied a chunk").isEqualTo(1);
    assertSameRows(db, "t", SAME);
  }

  // the defaults at --parallelism 1 (so --quiet-parallelism's second reader shows), held from the
  // start by the flag file
  private static MigrationOptions flaggedAtParallelismOne(
      TestDatabase db, MysqlInstance mysql, Path flag) {
    return Migrations.withParallelism(
        withThrottle(
            options(db, mysql, "t", ALTER),
            defaultsWith(
                flag,
                null,
                ThrottleSettings.DEFAULT_COMMIT_LATENCY_RATIO,
                ThrottleSettings.DEFAULT_CHECKPOINT_AGE_RATIO)),
        1);
  }

  // how many copy readers wrote marks: each reader's marks overwrite one row of its own
  private static long copyReaders(TestDatabase db) {
    return ((Number)
            db.scalar(
                "SELECT COUNT(*) FROM `_t_ghc` WHERE hint LIKE ? AND hint <> ?",
                ChangelogSql.COPY_MARK + "%",
                ChangelogSql.COPY_DONE_MARK))
        .longValue();
  }

  // the hold the copy's planner last wrote into the changelog; "" for none (or no changelog yet)
  private static String copyHold(TestDatabase db) {
    return changelogValue(db, ChangelogSql.COPY_HOLD);
  }

  // a row of the changelog table; "" for none (or no changelog yet)
  private static String changelogValue(TestDatabase db, String hint) {
    try {
      Object value = db.scalar("SELECT value FROM `_t_ghc` WHERE hint = ?", hint);
      return value == null ? "" : value.toString();
    } catch (RuntimeException notYet) {
      return ""; // the changelog table is not there yet
    }
  }

  // collects every hold the copy's planner writes into the changelog, until interrupted
  private static void watchCopyHold(TestDatabase db, java.util.Set<String> holds) {
    while (!Thread.currentThread().isInterrupted()) {
      String hold = copyHold(db);
      if (!hold.isEmpty()) {
        holds.add(hold);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  // 8 KB of an 8 MiB redo log: writers keep more than that of it past its checkpoint
  private static final ThrottleSettings TINY_REDO_RATIO = defaultsWith(null, null, 0, 0.001);

  /** The default throttle with a flag file, a throttle URL and the two guards' ratios. */
  private static ThrottleSettings defaultsWith(
      Path flag,
      io.ghostflink.controller.throttle.HttpThrottle.Check http,
      double latencyRatio,
      double redoRatio) {
    return defaultsWith(flag, http, latencyRatio, redoRatio, 0);
  }

  private static ThrottleSettings defaultsWith(
      Path flag,
      io.ghostflink.controller.throttle.HttpThrottle.Check http,
      double latencyRatio,
      double redoRatio,
      double cpuRatio) {
    ThrottleSettings d = ThrottleSettings.DEFAULTS;
    return new ThrottleSettings(
        d.maxLoad(),
        d.criticalLoad(),
        d.criticalLoadInterval(),
        flag,
        null,
        http,
        d.maxLag(),
        null,
        List.of(),
        latencyRatio,
        redoRatio,
        0,
        cpuRatio,
        null,
        null);
  }

  private interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body} with the server's redo log shrunk to 8 MiB, then restores it. */
  private static void withTinyRedoLog(TestDatabase db, Body body) throws Exception {
    Object capacity = db.scalar("SELECT @@GLOBAL.innodb_redo_log_capacity");
    try {
      db.execute("SET GLOBAL innodb_redo_log_capacity = 8388608");
      Migrations.await(
          () ->
              "8388608".equals(String.valueOf(redoStatus(db, "Innodb_redo_log_capacity_resized"))),
          "the redo log to shrink");
      body.run();
    } finally {
      db.execute("SET GLOBAL innodb_redo_log_capacity = " + capacity);
    }
  }

  private static Object redoStatus(TestDatabase db, String name) {
    return db.scalar(
        "SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = ?",
        name);
  }

  @Test
  void theOperatorThrottlesAndChangesSettingsFromTheCli(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Watch watch = new Watch();
    java.util.concurrent.atomic.AtomicLong chunks = new java.util.concurrent.atomic.AtomicLong();
    // Threads_connected is above 1 as long as the migration runs: throttled from the start
    CompletableFuture<MigrationSummary> run =
        start(
            withThrottle(
                options(db, mysql, "t", ALTER), throttle("Threads_connected=1", null, null, null)),
            watch,
            beforeFirstCutover(() -> chunks.set(copiedChunks(db))));
    watch.await(
        p -> p.throttled() != null && p.throttled().startsWith("max-load Threads_connected="),
        "the max-load throttle");
    assertThat(cli(db, mysql, "status").out()).contains("throttle: max-load Threads_connected=");

    assertThat(cli(db, mysql, "throttle").code()).isEqualTo(Ghostflink.OK);
    assertThat(
            cli(
                    db,
                    mysql,
                    "set",
                    "max-load=Threads_connected=100000",
                    "chunk-size=100",
                    "max-commit-latency-ratio=0",
                    "max-checkpoint-age-ratio=0.5")
                .code())
        .isEqualTo(Ghostflink.OK);
    watch.await(
        p -> p.throttled() != null && p.throttled().contains("operator"),
        "the operator's throttle");
    assertThat(cli(db, mysql, "status").out())
        .contains("runtime setting throttle: on")
        .contains("runtime setting chunking: size 100")
        .contains("runtime setting max-load: Threads_connected=100000")
        .contains("runtime setting max-commit-latency-ratio: 0.0")
        .contains("runtime setting max-checkpoint-age-ratio: 0.5");
    assertThat(watch.last.get().copiedRows()).isZero();

    Migrations.Cli bad = cli(db, mysql, "set", "max-load=Threads_connected");
    assertThat(bad.code()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(bad.err()).contains("max-load must be status=number pairs");
    Migrations.Cli badRatio = cli(db, mysql, "set", "max-commit-latency-ratio=1");
    assertThat(badRatio.code()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(badRatio.err()).contains("max-commit-latency-ratio must be a number over 1");
    Migrations.Cli badFraction = cli(db, mysql, "set", "max-checkpoint-age-ratio=1");
    assertThat(badFraction.code()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(badFraction.err()).contains("max-checkpoint-age-ratio must be a fraction");

    assertThat(cli(db, mysql, "no-throttle").code()).isEqualTo(Ghostflink.OK);
    MigrationSummary summary = run.get(3, TimeUnit.MINUTES);
    assertThat(summary.rowsCopied()).isEqualTo(ROWS);
    // the runtime chunk size took over from the flag's 500 rows: 200 chunks of 100 rows
    assertThat(chunks.get()).isGreaterThanOrEqualTo(150);
    assertSameRows(db, "t", SAME);
    assertThat(cli(db, mysql, "throttle").err()).contains("no migration of");
  }

  @Test
  void aThrottleQueryHoldsTheCopyUntilItReturnsZero(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    db.execute("CREATE TABLE throttle_hold (n INT)", "INSERT INTO throttle_hold VALUES (1)");
    Watch watch = new Watch();
    CompletableFuture<MigrationSummary> run =
        start(
            withThrottle(
                options(db, mysql, "t", ALTER),
                throttle(null, null, null, "SELECT COUNT(*) FROM " + db.name() + ".throttle_hold")),
            watch,
            CutoverHook.NONE);
    watch.await(
        p -> "throttle query returned 1".equals(p.throttled()), "the throttle query's throttle");
    db.execute("DELETE FROM throttle_hold");
    run.get(3, TimeUnit.MINUTES);
    assertSameRows(db, "t", SAME);
  }

  @Test
  void criticalLoadAbortsAndLeavesTheTableIntact(TestDatabase db, MysqlInstance mysql) {
    sysbenchTable(db, "t", ROWS);
    assertThatThrownBy(
            () ->
                new MigrationController(
                        withThrottle(
                            options(db, mysql, "t", ALTER),
                            throttle(null, "Threads_connected=1", null, null)),
                        MigrationListener.NONE,
                        CutoverHook.NONE)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("critical load: Threads_connected=")
        .hasMessageContaining("is intact");
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo((long) ROWS);
    assertThat(Migrations.hasColumn(db, "t", "x")).isFalse();
  }

  @Test
  void theInteractiveSocketTakesGhostsCommands(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    Path socket = dir.resolve("gh.sock");
    CompletableFuture<MigrationSummary> run = startWithSocket(db, mysql, socket);
    assertThat(send(socket, "sup")).contains("migrating").contains("throttled: max-load");
    assertThat(send(socket, "max-lag-millis=?")).isEqualTo("1500\n");
    assertThat(send(socket, "chunk-size=100")).isEqualTo("ok\n");
    assertThat(send(socket, "bogus")).startsWith("error: 'bogus' is not a setting");
    assertThat(send(socket, "chunk-size=5")).startsWith("error: chunk-size must be");
    assertThat(send(socket, "help")).contains("panic");
    Instant deadline = Instant.now().plusSeconds(30);
    while (!send(socket, "chunk-size=?").equals("size 100 (set at runtime)\n")) {
      assertThat(Instant.now()).as("chunk-size=? shows the new size").isBefore(deadline);
      Thread.sleep(100);
    }
    // gh-ost's nice-ratio: each reader rests half a chunk's time after each chunk from now on
    assertThat(send(socket, "nice-ratio=0.5")).isEqualTo("ok\n");
    assertThat(send(socket, "nice-ratio=101")).startsWith("error: nice-ratio must be a number");
    while (!send(socket, "nice-ratio=?").equals("0.5 (set at runtime)\n")) {
      assertThat(Instant.now()).as("nice-ratio=? shows the new ratio").isBefore(deadline);
      Thread.sleep(100);
    }
    assertThat(send(socket, "max-load=Threads_connected=100000")).isEqualTo("ok\n");
    run.get(3, TimeUnit.MINUTES);
    assertThat(socket).as("the socket file is removed at the end").doesNotExist();
    assertSameRows(db, "t", SAME);
  }

  @Test
  void panicOnTheSocketStopsTheMigrationWithTheTableIntact(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    Path socket = dir.resolve("gh.sock");
    CompletableFuture<MigrationSummary> run = startWithSocket(db, mysql, socket);
    assertThat(send(socket, "panic")).startsWith("panicking");
    assertThatThrownBy(() -> run.get(1, TimeUnit.MINUTES))
        .hasRootCauseInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("the operator panicked")
        .hasMessageContaining("is intact");
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo((long) ROWS);
    assertThat(Migrations.hasColumn(db, "t", "x")).isFalse();
    assertThat(socket).doesNotExist();
  }

  @Test
  void aPanicFlagFileStopsTheMigrationWithTheTableIntact(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    Path flag = dir.resolve("panic.flag");
    Watch watch = new Watch();
    MigrationOptions options =
        withThrottle(
            options(db, mysql, "t", ALTER),
            throttle("Threads_connected=1", null, null, null).withPanicFlagFile(flag));
    CompletableFuture<MigrationSummary> run = start(options, watch, CutoverHook.NONE);
    watch.await(p -> p.throttled() != null, "the max-load throttle");
    Files.writeString(flag, ""); // gh-ost's kill switch, for an operator without the socket

    assertThatThrownBy(() -> run.get(1, TimeUnit.MINUTES))
        .hasRootCauseInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("the operator panicked (" + flag + " appeared (--panic-flag-file))")
        .hasMessageContaining("is intact");
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo((long) ROWS);
    assertThat(Migrations.hasColumn(db, "t", "x")).isFalse();
    // while the file is there, a migration does not start
    assertThatThrownBy(
            () ->
                new MigrationController(
                        options.named(options.table(), options.stateDir().resolveSibling("second")),
                        MigrationListener.NONE,
                        CutoverHook.NONE)
                    .execute())
        .isInstanceOf(io.ghostflink.controller.preflight.PreflightException.class)
        .hasMessage(
            flag
                + " exists (--panic-flag-file): a migration stops at once while it does;"
                + " remove it to go on");
  }

  // a migration held back by max-load (Threads_connected is above 1 while it runs), serving the
  // socket
  private CompletableFuture<MigrationSummary> startWithSocket(
      TestDatabase db, MysqlInstance mysql, Path socket) throws InterruptedException {
    sysbenchTable(db, "t", ROWS);
    Watch watch = new Watch();
    CompletableFuture<MigrationSummary> run =
        start(
            withThrottle(
                options(db, mysql, "t", ALTER),
                throttle("Threads_connected=1", null, null, null).withSocket(socket)),
            watch,
            CutoverHook.NONE);
    watch.await(p -> p.throttled() != null, "the max-load throttle");
    return run;
  }

  private static String send(Path socket, String command) throws Exception {
    return io.ghostflink.controller.throttle.ControlSocketClient.send(socket, command);
  }

  private static long copiedChunks(TestDatabase db) {
    List<List<Object>> rows = db.query("SELECT MAX(copied_chunks) FROM _t_ghp");
    return ((Number) rows.get(0).get(0)).longValue();
  }
}
