package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A surrogate key added to a table that has only a unique key ({@code ADD id BIGINT AUTO_INCREMENT
 * PRIMARY KEY}) while the application rewrites rows: the apply's {@code REPLACE}s and the copy's
 * {@code INSERT IGNORE}s both have MySQL number their rows, and MySQL 8.0.31 sometimes hands the
 * copy a value a row already holds (docs/architecture.md, "Unique keys"). {@code INSERT IGNORE}
 * then drops the copied row. ghostflink copies such a chunk again, and runs such an epoch again;
 * with the checksum off (it would repair a lost row before the swap) every row must still arrive.
 */
@ExtendWith(MysqlExtension.class)
class NewAutoIncrementKeyIT {
  private static final int ROWS = 30_000;
  private static final String ALTER = "ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aSurrogateKeyAddedUnderRewritesLosesNoRowWithoutTheChecksum(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (code VARCHAR(40) NOT NULL, v INT, UNIQUE KEY code_uk (code))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT CONCAT('c', n), n FROM seq");
    List<String> writes =
        List.of(
            "REPLACE INTO t VALUES (CONCAT('c', {id}), {n})",
            "UPDATE t SET v = {n} WHERE code = CONCAT('c', {id})",
            "DELETE FROM t WHERE code = CONCAT('c', {id})");
    Migrations.migrateUnderWritesAsMysqlWould(
        db,
        mysql,
        Migrations.withoutChecksum(options(db, mysql, "t", ALTER, mode)),
        ALTER,
        Workload.scripted(db, writes, ROWS, 4, 600, 17),
        100);
    assertThat(db.scalar("SELECT COUNT(DISTINCT id) = COUNT(*) FROM t")).isEqualTo(1L);
  }
}
