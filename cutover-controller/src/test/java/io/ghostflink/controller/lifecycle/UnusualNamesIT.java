package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Database, table and column names MySQL allows that mean something elsewhere: {@code $} (allowed
 * even unquoted), {@code .}, {@code -}, spaces, a backtick and letters outside ASCII. Flink CDC and
 * Debezium take the names they read as regular expressions, and a table named {@code order$items}
 * matched nothing: its migration failed after the whole copy. Debezium names a column as its DDL
 * parser reads it, a backtick doubled: every binlog row of a table with the column {@code x`y}
 * failed the job. A database name with a backtick is refused before anything is created: Flink CDC
 * cannot list its tables.
 */
@ExtendWith(MysqlExtension.class)
class UnusualNamesIT {
  private static final int ROWS = 10_000;
  private static final String TABLE = "order$items.2024 `ü` €";
  private static final String ALTER = "ADD COLUMN x INT, MODIFY s VARCHAR(60)";

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aTableWithPatternCharactersInItsNamesMigratesUnderWrites(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    TestDatabase shop = TestDatabase.create(mysql, "shop-eu.v2$ " + mode);
    try (Workload writers = oddlyNamedTable(shop)) {
      Migrations.migrateUnderWritesAsMysqlWould(
          shop,
          TABLE,
          mysql,
          Migrations.withoutChecksum(options(shop, mysql, TABLE, ALTER, mode)),
          ALTER,
          writers,
          100);
    }
  }

  /**
   * A job restored from its savepoint reads the binlog on with the table schemas it saved: Flink
   * CDC wrote their names unquoted and could not parse back one holding a space (the resumed job
   * failed over and over with "Unexpected input: i", after any job restart too).
   */
  @Test
  void aTableWithSuchNamesPausedWhileWritersWriteResumesWithEveryRow(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    TestDatabase shop = TestDatabase.create(mysql, "shop-eu.v2$ paused");
    try (Workload writers = oddlyNamedTable(shop)) {
      AtomicReference<MigrationController> first = new AtomicReference<>();
      first.set(
          new MigrationController(
              options(shop, mysql, TABLE, ALTER),
              Migrations.onceIn(MigrationPhase.APPLY, () -> first.get().requestPause()),
              CutoverHook.NONE));
      assertThatThrownBy(first.get()::execute).isInstanceOf(MigrationPausedException.class);
      long before = writers.committed();
      // writes go on while paused; the resumed job reads them from the binlog
      Migrations.await(() -> writers.committed() > before + 20, "writes while paused");
      MigrationSummary summary =
          new MigrationController(
                  options(shop, mysql, TABLE, ALTER),
                  MigrationListener.NONE,
                  Migrations.beforeFirstCutover(writers::close))
              .resume();
      assertThat(summary.changesApplied()).isPositive();
    }
    Migrations.assertAsMysqlWould(shop, TABLE, mysql, ALTER);
  }

  /**
   * Creates the table {@link #TABLE} in {@code shop}, its columns named with a space, a backtick
   * and a dot, and starts writers on it.
   */
  private static Workload oddlyNamedTable(TestDatabase shop) {
    String t = Identifiers.quote(TABLE);
    shop.execute(
        "CREATE TABLE "
            + t
            + " (id INT PRIMARY KEY, v INT, s VARCHAR(30), `x``y z.1` INT, UNIQUE KEY `u k` (`x``y z.1`))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO "
            + t
            + " WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
            + ROWS
            + ") SELECT n, n, CONCAT('s', n), n FROM seq");
    List<String> writes =
        List.of(
            "UPDATE " + t + " SET v = {n}, s = '{s}', `x``y z.1` = -{id} WHERE id = {id}",
            "DELETE FROM " + t + " WHERE id = {id}",
            "INSERT INTO "
                + t
                + " VALUES ({id}, {n}, 'i', {id}) ON DUPLICATE KEY UPDATE v = v + 1");
    return Workload.scripted(shop, writes, ROWS, 4, 300, 31);
  }

  @Test
  void aDatabaseNameWithABacktickIsRefusedBeforeAnythingIsCreated(
      TestDatabase db, MysqlInstance mysql) {
    TestDatabase quoted = TestDatabase.create(mysql, "shop`eu");
    quoted.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 1)");

    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(quoted, mysql, "t", ALTER),
                        MigrationListener.NONE,
                        io.ghostflink.controller.cutover.CutoverHook.NONE)
                    .execute())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("backtick");
    assertThat(
            quoted.query(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                quoted.name()))
        .as("nothing created")
        .containsExactly(List.of("t"));
  }
}
