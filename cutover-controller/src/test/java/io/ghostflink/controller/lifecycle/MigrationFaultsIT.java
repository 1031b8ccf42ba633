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
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

  private static void update(Statement s, String sql) {
    try {
      s.executeUpdate(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
