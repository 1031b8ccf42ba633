package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table whose file lives in a {@code DATA DIRECTORY} (another disk, say) stays there, as with
 * MySQL's own ALTER: the ghost table made with {@code CREATE TABLE … LIKE} was put in the data
 * directory (LIKE drops the option and InnoDB ignores it in an ALTER), so the swap moved the table
 * to the disk it had been taken off. The test server knows one such directory ({@code
 * innodb_directories}).
 */
@ExtendWith(MysqlExtension.class)
class DataDirectoryIT {
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 7, MODIFY c VARCHAR(150)";

  /** Where InnoDB keeps {@code table}'s file. */
  static String file(TestDatabase db, String table) {
    return (String)
        db.scalar(
            "SELECT f.PATH FROM information_schema.INNODB_TABLES t JOIN"
                + " information_schema.INNODB_DATAFILES f ON f.SPACE = t.SPACE WHERE t.NAME = ?",
            db.name() + "/" + table);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void aTableInItsOwnDataDirectoryStaysThereAndEqualsMysqlsAlter(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    String directory = (String) db.scalar("SELECT @@GLOBAL.innodb_directories");
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c VARCHAR(120) NOT NULL DEFAULT '', pad VARCHAR(60) NOT NULL DEFAULT '',"
            + " KEY k_idx (k), CONSTRAINT id_pos CHECK (id > 0))"
            + " DATA DIRECTORY = '"
            + directory
            + "'",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t (id, k, c, pad) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1"
            + " FROM seq WHERE n < 20000) SELECT n * 2, n % 1000, MD5(n), LEFT(SHA1(n), 20) FROM seq");
    assertThat(file(db, "t")).startsWith(directory);

    Migrations.migrateUnderWritesAsMysqlWould(
        db,
        mysql,
        options(db, mysql, "t", ALTER, mode),
        ALTER,
        Workload.start(db, "t", 40_000, 2, 200, 23),
        10);

    assertThat(file(db, "t")).as("the new table's file").startsWith(directory);
    assertThat((String) db.query("SHOW CREATE TABLE t").get(0).get(1))
        .contains("DATA DIRECTORY='" + directory)
        // under the name MySQL generates, as any copy's (docs/architecture.md, "CHECK constraints")
        .contains("CONSTRAINT `t_chk_1` CHECK ((`id` > 0))");
  }
}
