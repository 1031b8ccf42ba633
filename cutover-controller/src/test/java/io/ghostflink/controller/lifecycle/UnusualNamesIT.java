package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Database and table names MySQL allows that mean something elsewhere: {@code $} (allowed even
 * unquoted), {@code .}, {@code -}, spaces, a backtick and letters outside ASCII. Flink CDC and
 * Debezium take the names they read as regular expressions, and a table named {@code order$items}
 * matched nothing: its migration failed after the whole copy. A database name with a backtick is
 * refused before anything is created: Flink CDC cannot list its tables.
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
    String t = Identifiers.quote(TABLE);
    shop.execute(
        "CREATE TABLE " + t + " (id INT PRIMARY KEY, v INT, s VARCHAR(30))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO "
            + t
            + " WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
            + ROWS
            + ") SELECT n, n, CONCAT('s', n) FROM seq");
    List<String> writes =
        List.of(
            "UPDATE " + t + " SET v = {n}, s = '{s}' WHERE id = {id}",
            "DELETE FROM " + t + " WHERE id = {id}",
            "INSERT INTO " + t + " VALUES ({id}, {n}, 'i') ON DUPLICATE KEY UPDATE v = v + 1");
    Migrations.migrateUnderWritesAsMysqlWould(
        shop,
        TABLE,
        mysql,
        Migrations.withoutChecksum(options(shop, mysql, TABLE, ALTER, mode)),
        ALTER,
        Workload.scripted(shop, writes, ROWS, 4, 300, 31),
        100);
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
