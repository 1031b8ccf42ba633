package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.hasColumn;
import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.onceIn;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withAttempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.lock.MigrationLock;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults during a migration: each one ends with the original intact or every row swapped in. */
@ExtendWith(MysqlExtension.class)
class MigrationFaultsIT {
  private static final int ROWS = 10_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");

  @Test
  void lockSessionKilledDuringAwaitDrainLeavesTheOriginalAndTheRetrySucceeds(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    AtomicBoolean killed = new AtomicBoolean();
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 3, 300, 11)) {
      CutoverHook hook =
          (step, attempt, sessions) -> {
            if (attempt == 1 && step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
              workload.close();
            }
            if (attempt == 1 && step == CutoverStep.AWAIT_DRAIN) {
              db.execute("KILL " + sessions.lockOriginal());
              killed.set(true);
            }
          };
      MigrationSummary summary =
          new MigrationController(options(db, mysql, "t", ALTER), MigrationListener.NONE, hook)
              .execute();

      assertThat(killed).isTrue();
      assertThat(summary.cutOverAttempts()).isEqualTo(2);
    }
    assertSameRows(db, "t", SAME);
  }

  @Test
  void longTransactionMakesAttemptsTimeOutWithoutLosingARow(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    try (Connection longTx = db.connect();
        Statement s = longTx.createStatement()) {
      longTx.setAutoCommit(false);
      // opened once the copy is done: a held row lock would (rightly) stall the copy instead
      MigrationListener openLongTransactionInApply =
          onceIn(
              MigrationPhase.APPLY,
              () -> update(s, "UPDATE t SET c = 'held by a long transaction' WHERE id = 2"));
      CutoverHook commitOnThirdAttempt =
          (step, attempt, sessions) -> {
            if (attempt == 3 && step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
              longTx.commit();
            }
          };
      MigrationSummary summary =
          new MigrationController(
                  // the checksum would wait for the same transaction: ChecksumIT has that case
                  Migrations.withoutChecksum(
                      withAttempts(options(db, mysql, "t", ALTER), 5, Duration.ofSeconds(1))),
                  openLongTransactionInApply,
                  commitOnThirdAttempt)
              .execute();

      assertThat(summary.cutOverAttempts()).isEqualTo(3);
    }
    assertSameRows(db, "t", SAME);
    assertThat(db.scalar("SELECT c FROM t WHERE id = 2")).isEqualTo("held by a long transaction");
  }

  /**
   * A transaction that changed t is open when the cut-over comes (a batch job, a forgotten
   * session): the cut-over's write lock is not asked for behind it, since every writer of t would
   * queue behind that request (MySQL grants a waiting lock first) for up to --cut-over-lock-timeout
   * each attempt, nor the checksum's read lock, which could not be granted before it ends. The
   * attempts fail without asking, naming the transaction's connection; an application writer that
   * waits at most a second for its lock is never refused; once the transaction commits the swap
   * goes, its change in the new table.
   */
  @ParameterizedTest(name = "checksum {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void aTransactionOpenAtTheCutOverIsWaitedOutWithoutQueueingTheWriters(
      boolean checksum, TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    Path flag = Files.createTempFile("postpone-long-transaction", ".flag");
    MigrationOptions postponed = Migrations.postponed(db, mysql, "t", ALTER, CopyMode.SERVER, flag);
    List<String> messages = new CopyOnWriteArrayList<>();
    MigrationSummary summary;
    try (Connection longTx = db.connect();
        Statement s = longTx.createStatement()) {
      longTx.setAutoCommit(false);
      MigrationListener watch =
          new MigrationListener() {
            @Override
            public void message(String line) {
              messages.add(line);
              if (line.contains(" attempt 2 failed: ")) {
                try {
                  longTx.commit();
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              }
            }
          };
      MigrationController controller =
          new MigrationController(
              checksum ? postponed : Migrations.withoutChecksum(postponed),
              watch,
              CutoverHook.NONE);
      CompletableFuture<MigrationSummary> migration = Migrations.async(controller::execute);
      Migrations.await(
          () -> messages.stream().anyMatch(m -> m.startsWith("cut-over postponed while")),
          "the cut-over postponed");
      update(s, "UPDATE t SET c = 'held by a long transaction' WHERE id = 2");
      Thread.sleep(2_000); // open longer than any of the application's writes
      try (LockProbe writer = new LockProbe(db, "t", 4)) {
        Files.delete(flag);
        summary = migration.get(120, TimeUnit.SECONDS);
        assertThat(writer.written()).as("the writer's statements").isPositive();
        assertThat(writer.refused()).as("the writer's statements refused after a wait").isZero();
      }
    }
    assertThat(summary.cutOverAttempts()).isEqualTo(3);
    String step = checksum ? "checksum" : "cut-over";
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(step + " attempt 1 failed: ")
                    .contains("the metadata lock of " + db.name() + ".t was held by connection ")
                    .contains("not asked for behind it, so no writer queued"));
    assertSameRows(db, "t", SAME);
    assertThat(db.scalar("SELECT c FROM t WHERE id = 2")).isEqualTo("held by a long transaction");
  }

  @Test
  void cutOverGivesUpAfterItsAttemptsAndLeavesTheOriginal(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 1000);
    try (Connection longTx = db.connect();
        Statement s = longTx.createStatement()) {
      longTx.setAutoCommit(false);
      MigrationListener openLongTransactionInApply =
          onceIn(
              MigrationPhase.APPLY,
              () -> update(s, "UPDATE t SET c = 'never committed' WHERE id = 2"));
      MigrationController controller =
          new MigrationController(
              Migrations.withoutChecksum(
                  withAttempts(options(db, mysql, "t", ALTER), 2, Duration.ofSeconds(1))),
              openLongTransactionInApply,
              CutoverHook.NONE);

      assertThatThrownBy(controller::execute)
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("cut-over gave up after 2 attempts")
          .hasMessageContaining("is intact");
      longTx.rollback();
    }
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(1000L);
    assertThat(hasColumn(db, "t", "x")).as("t keeps its old schema").isFalse();
    assertThat(hasTable(db, "_t_del")).as("no magic table left behind").isFalse();
  }

  @Test
  void killedMigrationLockAbortsBeforeAnyRename(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    TableRef t = new TableRef(db.name(), "t");
    MigrationListener killLockInApply =
        onceIn(
            MigrationPhase.APPLY,
            () -> {
              Object holder = db.scalar("SELECT IS_USED_LOCK(?)", MigrationLock.names(t).get(0));
              db.execute("KILL " + holder);
            });
    MigrationController controller =
        new MigrationController(options(db, mysql, "t", ALTER), killLockInApply, CutoverHook.NONE);

    assertThatThrownBy(controller::execute)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("migration lock")
        .hasMessageContaining("aborted before any rename")
        .satisfies(
            e ->
                assertThat(((MigrationFailedException) e).phase())
                    .isEqualTo(MigrationPhase.ABORTED));
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo((long) ROWS);
    assertThat(hasColumn(db, "t", "x")).as("t keeps its old schema").isFalse();
    assertThat(hasTable(db, "_t_gho")).as("ghost table left for inspection").isTrue();
  }

  @Test
  void aValueTheNewTableCannotHoldWrittenDuringTheApplyStopsTheMigrationNamingTheRow(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, c VARCHAR(40) NOT NULL)",
        "INSERT INTO t VALUES (1, 'abcd'), (2, 'efgh')");
    MigrationListener writeTooLongInApply =
        onceIn(
            MigrationPhase.APPLY,
            () -> db.execute("UPDATE t SET c = 'much too long' WHERE id = 2"));
    MigrationController controller =
        new MigrationController(
            withAttempts(
                options(db, mysql, "t", "MODIFY c VARCHAR(4) NOT NULL"), 1, Duration.ofSeconds(1)),
            writeTooLongInApply,
            CutoverHook.NONE);

    assertThatThrownBy(controller::execute)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("cannot hold row id=2")
        .hasMessageContaining("Data too long for column 'c'")
        .hasMessageContaining("is intact");
    assertThat(db.scalar("SELECT c FROM t WHERE id = 2")).isEqualTo("much too long");
    assertThat(hasTable(db, "_t_del")).isFalse();
  }

  /**
   * The job's binlog connection ended by the server, as a DBA's or pt-kill's {@code KILL} of the
   * "Binlog Dump" session ends it (a proxy's idle timeout or a network fault end it the same way),
   * once in the copy and once while the cut-over is postponed, under writers whose transactions
   * change several rows: each time the reader connects again within seconds (it took one to two
   * minutes, the binlog client's default keepalive, while the writers went on and the copy was held
   * by its lag), by the GTID set it had read to, and the table ends as MySQL's own ALTER makes it,
   * the checksum finding no range to copy again. A kill that lands inside an event takes the other
   * path, as fast (see {@link BinlogKills#kill}); the writers' small transactions make that rare,
   * so with the client's default keepalive this test fails.
   */
  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aKilledBinlogConnectionIsOpenedAgainWithinSecondsAndLosesNothing(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    int rows = 40_000;
    sysbenchTable(db, "t", rows);
    BinlogKills run = new BinlogKills(db, mysql, mode);
    try (Workload workload = Workload.start(db, "t", 2L * rows, 2, 200, 13)) {
      run.start(MigrationController::execute);
      Migrations.await(() -> run.running() && ghostRows(db) > 2_000, "the copy under way");
      run.kill();
      run.awaitPostponed();
      run.kill();
      run.finish(workload);
    }
    assertThat(run.killedIn)
        .as("the phases killed in")
        .containsExactly(MigrationPhase.COPY, MigrationPhase.APPLY);
    assertThat(run.firstReader).as("a fresh job reads by").isEqualTo("Binlog Dump GTID");
    run.assertNothingLost();
  }

  /**
   * A server on its way between GTIDs and none ({@code gtid_mode} ON_PERMISSIVE or OFF_PERMISSIVE,
   * the steps a DBA takes between ON and OFF): it has executed GTIDs, but it may write anonymous
   * transactions, and OFF_PERMISSIVE refuses a reader by GTID set ("The replication sender thread
   * cannot start in AUTO_POSITION mode"; the migration failed after the job's 20 restarts). The job
   * reads such a server by file and position, and the migration under writers ends as MySQL's own
   * ALTER.
   */
  @ParameterizedTest(name = "gtid_mode {0}")
  @ValueSource(strings = {"OFF_PERMISSIVE", "ON_PERMISSIVE"})
  void aServerBetweenGtidsAndNoneIsReadByFileAndPosition(String mode) throws Exception {
    try (MysqlServer server = MysqlServer.start(MysqlServerSpec.named("gtid-permissive"))) {
      TestDatabase db = TestDatabase.create(server, "faults_" + mode.toLowerCase());
      sysbenchTable(db, "t", ROWS);
      db.execute("SET GLOBAL gtid_mode = ON_PERMISSIVE");
      if (mode.equals("OFF_PERMISSIVE")) {
        db.execute("SET GLOBAL gtid_mode = OFF_PERMISSIVE");
      }
      try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 17)) {
        MigrationListener stopWriters = Migrations.onceIn(MigrationPhase.CHECKSUM, workload::close);
        new MigrationController(options(db, server, "t", ALTER), stopWriters, CutoverHook.NONE)
            .execute();
        assertThat(workload.committed()).as("writes during the migration").isGreaterThan(100);
      }
      Migrations.assertAsMysqlWould(db, "t", server, ALTER);
    }
  }

  /**
   * The binlog connection ended inside one large transaction (an {@code INSERT … SELECT} of 40,000
   * rows) with no fault at all: the apply held (the ghost table locked by another session), the
   * reader is held by the apply's back-pressure past the keepalive, which takes the silence for a
   * lost connection and opens it again. By the GTID set it had read to, the server sends that
   * transaction again from its start, and no row of it is lost. By file and position (before
   * session 60) the server went on with the next transaction, and the rest of this one was lost
   * (84,000 of 100,000 rows of an {@code INSERT … SELECT} by hand); only the checksum's second copy
   * hid it.
   */
  @Test
  void aReaderHeldInsideALargeTransactionPastTheKeepaliveLosesNoneOfIt(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    int rows = 40_000;
    sysbenchTable(db, "t", rows);
    // one apply subtask, as the command line runs it by default
    BinlogKills run = new BinlogKills(db, mysql, CopyMode.SERVER, 1);
    run.start(MigrationController::execute);
    run.awaitPostponed();
    Migrations.await(() -> run.binlogDump() != null, "the job's binlog reader");
    Object reader = run.binlogDump().get(0);
    try (java.sql.Connection holder = db.connect();
        Statement s = holder.createStatement()) {
      s.execute("LOCK TABLES _t_gho READ"); // the apply waits for it: no timeout of its own
      // a first transaction, whose write the lock holds: the apply takes no more changes, and the
      // reader stops inside the second, 40,000 new rows being more than the queues between them
      // hold (a transaction's changes wait in the apply's state until the watermark passes its
      // end, so one large transaction alone does not hold the reader)
      db.execute("UPDATE t SET k = k + 1 ORDER BY id LIMIT 1");
      Migrations.await(
          () ->
              (Long)
                      db.scalar(
                          "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE ="
                              + " 'Waiting for table metadata lock' AND INFO LIKE '%_t_gho%'")
                  > 0,
          "the apply's write of the first transaction held");
      db.execute("INSERT INTO t SELECT id + 10000000, k, c, pad FROM t");
      Migrations.await(
          () ->
              (Long)
                      db.scalar(
                          "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?",
                          reader)
                  == 0,
          "the binlog reader held past the keepalive, its session ended by it",
          Duration.ofSeconds(60));
      s.execute("UNLOCK TABLES");
    }
    run.finish();
    run.assertNothingLost();
  }

  /** A postponed migration whose binlog session the test kills, and what it saw. */
  private static final class BinlogKills {
    final TestDatabase db;
    final MysqlInstance mysql;
    final Path flag;
    final MigrationOptions options;
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicReference<MigrationPhase> now = new AtomicReference<>(MigrationPhase.PREFLIGHT);
    final List<MigrationPhase> killedIn = new ArrayList<>();

    /** The command of the session that read the binlog before the first kill. */
    String firstReader;

    /** The command of each session that read the binlog after a kill. */
    final List<String> reconnections = new ArrayList<>();

    private CompletableFuture<MigrationSummary> migration;

    BinlogKills(TestDatabase db, MysqlInstance mysql, CopyMode mode) throws Exception {
      this(db, mysql, mode, 2);
    }

    BinlogKills(TestDatabase db, MysqlInstance mysql, CopyMode mode, int parallelism)
        throws Exception {
      this.db = db;
      this.mysql = mysql;
      this.flag = Files.createTempFile("postpone-binlog-kills", ".flag");
      this.options =
          Migrations.withParallelism(
              Migrations.postponed(db, mysql, "t", ALTER, mode, flag), parallelism);
    }

    /** Runs {@code how} ({@code execute} or {@code resume}) of a controller that tells the test. */
    void start(MigrationRun how) {
      MigrationController controller =
          new MigrationController(
              options,
              new MigrationListener() {
                @Override
                public void phase(MigrationPhase phase) {
                  now.set(phase);
                }

                @Override
                public void message(String line) {
                  messages.add(line);
                }
              },
              CutoverHook.NONE);
      migration = Migrations.async(() -> how.run(controller));
    }

    boolean running() {
      return migration != null && !migration.isDone();
    }

    void awaitPostponed() throws InterruptedException {
      Migrations.await(
          () -> messages.stream().anyMatch(m -> m.startsWith("cut-over postponed while")),
          "the copy done, the cut-over postponed");
    }

    /**
     * Kills the session reading the server's binlog and waits for the job to open a new one: 30
     * seconds, six times the binlog client's keepalive, where the default waited 60 to 120. A kill
     * between events ends the stream where the client takes it as a normal end, and the keepalive
     * opens it again. A kill inside an event cuts it in two: the client fails on it and Flink
     * restarts the task from its last checkpoint, which reads by GTID set, and whose keepalive may
     * later open the stream again by file and position; that path is fast with any keepalive.
     */
    void kill() throws Exception {
      Migrations.await(() -> binlogDump() != null, "the job's binlog reader");
      List<Object> killed = binlogDump();
      if (firstReader == null) {
        firstReader = String.valueOf(killed.get(1));
      }
      killedIn.add(now.get());
      db.execute("KILL " + killed.get(0));
      Migrations.await(
          () -> {
            List<Object> next = binlogDump();
            return next != null && !next.get(0).equals(killed.get(0));
          },
          "the binlog reader connected again",
          Duration.ofSeconds(30));
      reconnections.add(String.valueOf(binlogDump().get(1)));
    }

    /** The id and command of the session reading the server's binlog, or null. */
    List<Object> binlogDump() {
      List<List<Object>> dumps =
          db.query(
              "SELECT ID, COMMAND FROM information_schema.PROCESSLIST"
                  + " WHERE COMMAND LIKE 'Binlog Dump%'");
      return dumps.isEmpty() ? null : dumps.get(0);
    }

    /** Stops the writers, lets the cut-over go and waits for the swap. */
    void finish(Workload workload) throws Exception {
      workload.close();
      assertThat(workload.committed()).as("writes during the migration").isGreaterThan(300);
      finish();
    }

    /** Lets the cut-over go and waits for the swap. */
    void finish() throws Exception {
      Files.delete(flag);
      migration.get(120, TimeUnit.SECONDS);
    }

    void assertNothingLost() throws Exception {
      assertThat(messages)
          .as("the checksum found every range equal")
          .anyMatch(m -> m.startsWith("checksum: ") && !m.contains("differed"));
      Migrations.assertAsMysqlWould(db, "t", mysql, ALTER);
    }
  }

  /** {@link MigrationController#execute} or {@link MigrationController#resume}. */
  @FunctionalInterface
  private interface MigrationRun {
    MigrationSummary run(MigrationController controller) throws Exception;
  }

  private static long ghostRows(TestDatabase db) {
    try {
      return (Long) db.scalar("SELECT COUNT(*) FROM _t_gho");
    } catch (RuntimeException e) {
      return 0; // not created yet
    }
  }

  private static void update(Statement s, String sql) {
    try {
      s.executeUpdate(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
