package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The swapped table serves the application with up-to-date optimizer statistics and the original's
 * histograms ({@link TableStatistics}; docs/cut-over.md, "Statistics before the swap"). The table
 * says {@code STATS_AUTO_RECALC=0}, as a DBA who runs {@code ANALYZE TABLE} by schedule sets it, so
 * InnoDB never recalculates the ghost table's statistics by itself: without the step, the swapped
 * table is estimated at 0 rows and has no histograms (the original's went to {@code _t_del}).
 */
@ExtendWith(MysqlExtension.class)
class TableStatisticsIT {
  private static final int ROWS = 20_000;

  /** The rows InnoDB's persistent statistics give {@code table}. */
  static long estimatedRows(TestDatabase db, String table) {
    return ((Number)
            db.scalar(
                "SELECT n_rows FROM mysql.innodb_table_stats"
                    + " WHERE database_name = ? AND table_name = ?",
                db.name(),
                table))
        .longValue();
  }

  /** Column to the buckets its histogram was asked for, in column order. */
  static Map<String, Long> histograms(TestDatabase db, String table) {
    Map<String, Long> found = new LinkedHashMap<>();
    for (List<Object> row :
        db.query(
            "SELECT s.COLUMN_NAME,"
                + " JSON_EXTRACT(s.HISTOGRAM, '$.\"number-of-buckets-specified\"')"
                + " FROM information_schema.COLUMN_STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.SCHEMA_NAME AND c.TABLE_NAME = s.TABLE_NAME"
                + " AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.SCHEMA_NAME = ? AND s.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION",
            db.name(),
            table)) {
      found.put(row.get(0).toString(), Long.parseLong(row.get(1).toString()));
    }
    return found;
  }

  @ParameterizedTest(name = "analyze={0}")
  @ValueSource(booleans = {true, false})
  void theSwappedTableServesWithItsStatisticsAndTheOriginalsHistograms(
      boolean analyze, TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL, c VARCHAR(40) NOT NULL,"
            + " d INT NOT NULL DEFAULT 0, u INT NULL, pad VARCHAR(60) NOT NULL DEFAULT '',"
            + " KEY k_idx (k)) STATS_AUTO_RECALC=0",
        "SET SESSION cte_max_recursion_depth = 1000000",
        "INSERT INTO t (id, k, c, d, u) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL"
            + " SELECT n + 1 FROM seq WHERE n < "
            + ROWS
            + ") SELECT n * 2, n % 50, MD5(n % 300), n, n FROM seq",
        "ANALYZE TABLE t UPDATE HISTOGRAM ON k, c, u WITH 16 BUCKETS",
        "ANALYZE TABLE t UPDATE HISTOGRAM ON d WITH 100 BUCKETS",
        "ANALYZE TABLE t");
    assertThat(estimatedRows(db, "t")).isGreaterThan(ROWS / 2);
    List<String> messages = new CopyOnWriteArrayList<>();

    // the writers write c, which the ALTER renames: they stop before the swap
    try (Workload writers = Workload.start(db, "t", 2L * ROWS, 2, 100, 31)) {
      Migrations.await(() -> writers.committed() > 10, "writers");
      new MigrationController(
              options(
                      db,
                      mysql,
                      "t",
                      "RENAME COLUMN c TO c2, DROP COLUMN d, ADD UNIQUE KEY u_uk (u)")
                  // the index build after the copy would analyze the ghost table by itself
                  .deferringIndexes(DeferredIndexes.Mode.OFF)
                  .analyzingTable(analyze),
              new MigrationListener() {
                @Override
                public void message(String line) {
                  messages.add(line);
                }
              },
              Migrations.beforeFirstCutover(writers::close))
          .execute();
    }

    List<String> statistics = new ArrayList<>();
    messages.stream().filter(m -> m.startsWith("statistics: ")).forEach(statistics::add);
    assertThat(histograms(db, "_t_del")).containsOnlyKeys("k", "c", "d", "u");
    if (analyze) {
      assertThat(estimatedRows(db, "t")).isBetween(ROWS / 2L, 3L * ROWS);
      assertThat(histograms(db, "t")).containsExactly(Map.entry("k", 16L), Map.entry("c2", 16L));
      assertThat(statistics).hasSize(1);
      assertThat(statistics.get(0))
          .startsWith(
              "statistics: analyzed "
                  + db.name()
                  + "._t_gho, its histograms on k, c2 carried from the original in ")
          .contains("; the histogram on d is not carried: the ALTER drops it")
          .endsWith(
              "; the histogram on u is not carried: The column 'u' is covered by a single-part"
                  + " unique index.");
    } else {
      assertThat(estimatedRows(db, "t")).as("never analyzed").isZero();
      assertThat(histograms(db, "t")).isEmpty();
      assertThat(statistics).isEmpty();
    }
  }
}
