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
 * Tables with a generated invisible primary key ({@code my_row_id}, made by MySQL 8.0.30's {@code
 * sql_generate_invisible_primary_key} for a table created without one) on a server set to hide it
 * ({@code show_gipk_in_create_table_and_information_schema = OFF}, so that applications do not see
 * it). ghostflink's sessions did not see it either: a table with only that key was refused as
 * having none, and one with a unique key too was copied without it, its rows numbered anew in the
 * new table, while the binlog, which carries every column, was read one column off. MySQL's own
 * ALTER keeps every row's {@code my_row_id}.
 */
@ExtendWith(MysqlExtension.class)
class InvisiblePrimaryKeyIT {
  private static final int ROWS = 5_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 7, MODIFY b VARCHAR(40)";

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aHiddenGeneratedKeyIsKeptUnderWrites(CopyMode mode, TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute("SET GLOBAL show_gipk_in_create_table_and_information_schema = OFF");
    try {
      for (String table : List.of("also_a_unique_key", "only_the_hidden_key")) {
        String unique = table.startsWith("also") ? ", UNIQUE KEY (a)" : ", KEY (a)";
        db.execute(
            "SET SESSION sql_generate_invisible_primary_key = ON",
            "CREATE TABLE " + table + " (a INT NOT NULL, b VARCHAR(30)" + unique + ")",
            "SET SESSION cte_max_recursion_depth = 100000",
            // every third row deleted and the next ones numbered on: my_row_id is not a
            "INSERT INTO "
                + table
                + " (a, b) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                + " WHERE n < "
                + ROWS
                + ") SELECT n, CONCAT('b', n) FROM seq",
            "DELETE FROM " + table + " WHERE a % 3 = 0",
            "INSERT INTO "
                + table
                + " (a, b) SELECT a + 1, 'again' FROM "
                + table
                + " WHERE a % 3 = 2");
        assertThat(db.query("SHOW CREATE TABLE " + table).get(0).get(1).toString())
            .as("the server hides the key from its sessions")
            .doesNotContain("my_row_id");
        List<String> writes =
            List.of(
                "UPDATE " + table + " SET b = '{s}' WHERE a = {id}",
                "DELETE FROM " + table + " WHERE a = {id}",
                "INSERT IGNORE INTO " + table + " VALUES ({id} + " + 2 * ROWS + ", 'new')");
        try (Workload writers = Workload.scripted(db, writes, ROWS, 4, 300, 41)) {
          Migrations.migrateUnderWritesAsMysqlWould(
              db,
              table,
              mysql,
              Migrations.withoutChecksum(options(db, mysql, table, ALTER, mode)),
              ALTER,
              writers,
              100);
        }
        String rows = "SELECT my_row_id, a, b FROM %s ORDER BY my_row_id";
        assertThat(db.query(String.format(rows, table)))
            .as("every row keeps its my_row_id")
            .isEqualTo(db.query(String.format(rows, "_" + table + "_del")));
      }
    } finally {
      db.execute("SET GLOBAL show_gipk_in_create_table_and_information_schema = ON");
    }
  }
}
