package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;

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
 * A primary key of case- and accent-insensitive PAD SPACE columns whose values the application
 * rewrites in another case, with an accent or a trailing space: {@code 'n5'} becomes {@code 'N5'},
 * one key value for MySQL, two for the job, which routes a row by its key's bytes. The delete of
 * {@code 'n5'} and the upsert of {@code 'N5'} reach different sink subtasks, and a delete by key
 * {@code = 'n5'} that ran after the other subtask's {@code REPLACE} of {@code 'N5'} removed the row
 * (docs/architecture.md, "Ordering across keys"). With the checksum off (it repairs such rows
 * before the swap, though not those lost after it) every row must arrive.
 */
@ExtendWith(MysqlExtension.class)
class CollatedKeyIT {
  private static final int ROWS = 20_000;
  private static final String ALTER = "ADD COLUMN x INT";
  private static final String ROW =
      " WHERE region = IF({id} % 2, 'eu', 'us') AND name = CONCAT('n', {id})";

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void keysRewrittenInAnotherCaseLoseNoRowWithoutTheChecksum(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (region CHAR(4) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL,"
            + " name VARCHAR(30) COLLATE utf8mb4_general_ci NOT NULL, v INT,"
            + " PRIMARY KEY (region, name))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT IF(n % 2, 'eu', 'us'), CONCAT('n', n), n FROM seq");
    List<String> writes =
        List.of(
            "UPDATE t SET name = IF(BINARY name = LOWER(name), UPPER(name), LOWER(name)),"
                + " v = {n}"
                + ROW,
            "UPDATE t SET name = IF(CHAR_LENGTH(name) > CHAR_LENGTH(TRIM(name)), TRIM(name),"
                + " CONCAT(name, ' '))"
                + ROW,
            "UPDATE t SET region = ELT(1 + {n} % 3, LOWER(region), UPPER(region),"
                + " IF({id} % 2, 'Éu', 'Ús'))"
                + ROW,
            "REPLACE INTO t VALUES (IF({id} % 2, 'EU', 'US'), CONCAT('N', {id}, ' '), {n})",
            "INSERT INTO t VALUES (IF({id} % 2, 'eu', 'us'), CONCAT('n', {id}), {n})"
                + " ON DUPLICATE KEY UPDATE v = VALUES(v)",
            "DELETE FROM t" + ROW);
    Migrations.migrateUnderWritesAsMysqlWould(
        db,
        mysql,
        Migrations.withoutChecksum(options(db, mysql, "t", ALTER, mode)),
        ALTER,
        Workload.scripted(db, writes, ROWS, 4, 600, 23),
        100);
  }
}
