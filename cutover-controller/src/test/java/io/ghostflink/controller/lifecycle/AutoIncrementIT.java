package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.schema.AutoIncrementCounter;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The swapped table keeps counting where the original's AUTO_INCREMENT counter stood, as after
 * MySQL's own ALTER: the ids of deleted rows and of rolled-back inserts are not handed out again.
 */
@ExtendWith(MysqlExtension.class)
class AutoIncrementIT {
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";

  @Test
  void theCounterOutlivesDeletedRowsAndRolledBackInsertsUpToTheLock(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    queueTable(db);
    TableRef t = new TableRef(db.name(), "t");
    long atStart = counter(db, t);
    assertThat(atStart).as("the deleted rows' ids are above the rows'").isGreaterThan(901);
    AtomicLong atLock = new AtomicLong();
    // just before the first lock, after the ghost got the counter of the start: inserts rolled
    // back and a row inserted and deleted move the original's counter past anything the binlog
    // shows the ghost; the first attempt then fails after its LOCK_GHOST step, so the job reads
    // that step's ALTER of the ghost in the binlog and goes on to a second attempt
    CutoverHook hook =
        (step, attempt, sessions) -> {
          if (attempt == 1 && step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
            atLock.set(takeIdsWithoutRows(db, t));
          }
          if (attempt == 1 && step == CutoverStep.ISSUE_BLOCKING_RENAME) {
            throw new IllegalStateException("the first attempt stops after the ghost was locked");
          }
        };
    MigrationSummary summary =
        new MigrationController(options(db, mysql, "t", ALTER), MigrationListener.NONE, hook)
            .execute();

    assertThat(summary.cutOverAttempts()).isEqualTo(2);
    assertThat(atLock.get()).isGreaterThan(atStart);
    assertThat(counter(db, t)).as("the swapped table's counter").isEqualTo(atLock.get());
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, ALTER, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
    db.execute("INSERT INTO t (k, c) VALUES (4, 'after the swap')");
    assertThat(db.scalar("SELECT id FROM t WHERE c = 'after the swap'")).isEqualTo(atLock.get());
  }

  @Test
  void anAlterThatSetsTheCounterGetsWhatMysqlGivesIt(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    queueTable(db);
    TableRef t = new TableRef(db.name(), "t");
    // below the rows' largest id: MySQL's own ALTER sets it to just above them
    String alter = ALTER + ", AUTO_INCREMENT = 1";

    new MigrationController(
            options(db, mysql, "t", alter), MigrationListener.NONE, CutoverHook.NONE)
        .execute();

    assertThat(counter(db, t)).isEqualTo(901);
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, alter, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
  }

  @Test
  void theOracleTellsACounterBelowMysqlsAlter(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    queueTable(db);
    TableRef t = new TableRef(db.name(), "t");
    new MigrationController(
            options(db, mysql, "t", ALTER), MigrationListener.NONE, CutoverHook.NONE)
        .execute();
    // what the swap gave before the counter was carried: the rows' largest id and one
    db.execute("ALTER TABLE t AUTO_INCREMENT = 1");

    AlterOracle.Report report = AlterOracle.run(address(mysql), t, ALTER, 1000);

    assertThat(report.matches()).isFalse();
    assertThat(report.describe(t)).contains("AUTO_INCREMENT=901 where MySQL's ALTER keeps");
  }

  /** A queue: 1,000 rows numbered by MySQL, the newest 100 taken off again. */
  static void queueTable(TestDatabase db) {
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL,"
            + " c VARCHAR(40) NOT NULL, UNIQUE KEY c_uk (c))",
        "SET SESSION cte_max_recursion_depth = 10000",
        "INSERT INTO t (k, c) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000)"
            + " SELECT n % 10, MD5(n) FROM seq",
        "DELETE FROM t WHERE id > 900");
  }

  /**
   * Inserts rolled back, and a row inserted and deleted at once, into the queue table: its counter
   * moves past anything its binlog shows a copy of it. Returns the counter after them.
   */
  static long takeIdsWithoutRows(TestDatabase db, TableRef t) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO t (k, c) VALUES (1, 'rolled back 1'), (2, 'rolled back 2')");
      c.rollback();
      s.execute("INSERT INTO t (k, c) VALUES (3, 'deleted at once')");
      s.execute("DELETE FROM t WHERE c = 'deleted at once'");
      c.commit();
    }
    return counter(db, t);
  }

  /** The table's next AUTO_INCREMENT value, read from InnoDB. */
  static long counter(TestDatabase db, TableRef t) {
    try (Connection c = db.connect()) {
      return AutoIncrementCounter.next(c, t).orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
