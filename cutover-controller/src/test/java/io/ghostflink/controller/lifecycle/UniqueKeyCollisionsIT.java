package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new unique key the original does not guarantee, and rows that collide on it after preflight
 * checked for duplicates: written just before the cut-over, they reach the ghost table through the
 * binlog, where one row displaces the other. The cut-over must not swap a ghost table that lost a
 * row: a collision still there fails the migration with the original intact (as it would fail
 * MySQL's ALTER); one resolved before the next attempt is repaired and the swap equals MySQL's own
 * ALTER.
 */
@ExtendWith(MysqlExtension.class)
class UniqueKeyCollisionsIT {
  private static final String ALTER = "ADD UNIQUE KEY uk (u)";

  private static void table(TestDatabase db) {
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, u INT NOT NULL, v INT)",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE"
            + " n < 3000) SELECT n, n + 100000, n FROM seq");
  }

  /**
   * Rows with NULL in a new unique key's nullable column do not collide (a unique index does not
   * hold them): preflight took a repeated NULL for a duplicate and refused what MySQL's own ALTER
   * does, the common "unique external id, NULL until set" column. Writers set and clear it
   * meanwhile.
   */
  @Test
  void aNewUniqueKeyOverANullableColumnThatRepeatsNullIsMigratedAsMysqlWould(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, u INT NULL, v INT)",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE"
            + " n < 3000) SELECT n, IF(n % 3 = 0, NULL, n + 100000), n FROM seq");
    Migrations.migrateUnderWritesAsMysqlWould(
        db,
        mysql,
        options(db, mysql, "t", ALTER),
        ALTER,
        Workload.scripted(
            db,
            List.of(
                "UPDATE t SET u = NULL WHERE id = {id}",
                "UPDATE t SET u = {id} + 1000000 WHERE id = {id}",
                "INSERT INTO t (id, u, v) VALUES ({id}, NULL, {n}) ON DUPLICATE KEY UPDATE v = {n}",
                "DELETE FROM t WHERE id = {id}"),
            4000,
            2,
            200,
            17),
        20);
    assertThat((Long) db.scalar("SELECT COUNT(*) FROM t WHERE u IS NULL")).isGreaterThan(500L);
  }

  /** NULLs that a NOT NULL key column turns into one value do collide: still refused. */
  @Test
  void repeatedNullsThatTheAlterMakesNotNullAreStillRefusedAsDuplicates(
      TestDatabase db, MysqlInstance mysql) {
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, u INT NULL, v INT)",
        "INSERT INTO t VALUES (1, NULL, 1), (2, NULL, 2), (3, 7, 3)");
    String alter = "MODIFY u INT NOT NULL, " + ALTER;
    MigrationController controller =
        new MigrationController(
            options(db, mysql, "t", alter), MigrationListener.NONE, CutoverHook.NONE);

    assertThatThrownBy(controller::execute)
        .hasMessageContaining("the new unique key would drop rows, the table has duplicates")
        .hasMessageContaining("(null) x2");
    assertThat(db.tables()).containsExactly("t");
  }

  @Test
  void aCollisionWrittenBeforeTheCutOverFailsTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    table(db);
    CutoverHook collideOnce =
        (step, attempt, sessions) -> {
          if (attempt == 1 && step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
            db.execute("UPDATE t SET u = 100001 WHERE id = 2");
          }
        };
    MigrationController controller =
        new MigrationController(
            Migrations.withAttempts(
                options(db, mysql, "t", ALTER), 3, java.time.Duration.ofSeconds(3)),
            MigrationListener.NONE,
            collideOnce);

    assertThatThrownBy(controller::execute)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("collides")
        .hasMessageContaining("Duplicate entry '100001'")
        .hasMessageContaining("is intact");
    assertThat(hasTable(db, "_t_del")).as("no swap").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(3000L);
  }

  @Test
  void aCollisionResolvedBeforeTheNextAttemptIsRepairedAndTheSwapEqualsMysqlsAlter(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    table(db);
    collideResolveAndCompare(db, mysql, ALTER, options(db, mysql, "t", ALTER));
  }

  /**
   * The row a collision displaced is copied again before the swap by an {@code INSERT … SELECT} of
   * its own (the recheck's), which must convert as the row copy does: in the server's zone (a
   * TIMESTAMP made DATETIME), and by the row copy's expressions (a DATE made a number is its {@code
   * 20200102}, not its midnight's {@code 20200102000000}). The checksum, which would copy a wrong
   * row once more, is off.
   */
  @Test
  void aRowCopiedAgainAfterACollisionIsConvertedAsTheRowCopyConvertsIt(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    String alter = ALTER + ", MODIFY ts DATETIME, MODIFY d BIGINT";
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, u INT NOT NULL, v INT, ts TIMESTAMP NULL,"
            + " d DATE NULL)",
        "SET SESSION time_zone = '+00:00', SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE"
            + " n < 3000) SELECT n, n + 100000, n, FROM_UNIXTIME(1767236400 + n * 3600),"
            + " '2020-01-01' + INTERVAL n DAY FROM seq");
    db.execute("SET GLOBAL time_zone = '+05:30'"); // sessions from now on start in it
    try {
      collideResolveAndCompare(
          db, mysql, alter, Migrations.withoutChecksum(options(db, mysql, "t", alter)));
    } finally {
      db.execute("SET GLOBAL time_zone = 'SYSTEM'");
    }
  }

  /**
   * Row 2 takes row 1's new unique value under the first cut-over's lock, which fails that attempt
   * (the apply's write of row 2 displaced row 1); back in APPLY the application gives row 2 a value
   * of its own, and the second attempt copies row 1 again and swaps.
   */
  private static void collideResolveAndCompare(
      TestDatabase db, MysqlInstance mysql, String alter, MigrationOptions options)
      throws Exception {
    AtomicInteger applies = new AtomicInteger();
    CutoverHook collideOnce =
        (step, attempt, sessions) -> {
          if (attempt == 1 && step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
            db.execute("UPDATE t SET u = 100001 WHERE id = 2");
          }
        };
    MigrationListener resolve =
        new MigrationListener() {
          @Override
          public void phase(MigrationPhase phase) {
            // back in APPLY after the failed first attempt: the application fixes its row
            if (phase == MigrationPhase.APPLY && applies.incrementAndGet() == 2) {
              db.execute("UPDATE t SET u = 100002 WHERE id = 2");
            }
          }
        };
    MigrationSummary summary = new MigrationController(options, resolve, collideOnce).execute();

    assertThat(summary.cutOverAttempts()).as("the first attempt found a row missing").isEqualTo(2);
    TableRef t = new TableRef(db.name(), "t");
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, alter, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
    assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(3000L);
  }
}
