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
 * A server with a global {@code max_execution_time}, set by DBAs to stop an application's runaway
 * queries: MySQL interrupts any {@code SELECT} that runs longer. ghostflink's sessions inherited
 * it, and on a 300,000-row table every attempt of the checksum before the swap was interrupted
 * ("maximum statement execution time exceeded"), until the migration gave up after ten of them and
 * advised a longer cut-over lock timeout. Its sessions now run without the limit; the application's
 * keep it.
 */
@ExtendWith(MysqlExtension.class)
class ServerStatementLimitIT {
  private static final int ROWS = 20_000;

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aServerThatInterruptsLongSelects(CopyMode mode, TestDatabase db, MysqlInstance mysql)
      throws Exception {
    String alter = "ADD COLUMN x INT NOT NULL DEFAULT 7, MODIFY s VARCHAR(300)";
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(200), v INT, KEY (v))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT n, REPEAT(CHAR(65 + n % 26), 150), n FROM seq");
    List<String> writes =
        List.of(
            "UPDATE t SET v = {n}, s = CONCAT(s, '{n}') WHERE id = {id}",
            "DELETE FROM t WHERE id = {id}",
            "INSERT INTO t VALUES ({id}, 'new', {n}) ON DUPLICATE KEY UPDATE v = v + 1");
    Object before = db.scalar("SELECT @@GLOBAL.max_execution_time");
    // 1 ms: a checksum range or a chunk read of this table takes longer
    db.execute("SET GLOBAL max_execution_time = 1");
    try (Workload workload = Workload.scripted(db, writes, ROWS, 4, 300, 53)) {
      new MigrationController(
              options(db, mysql, "t", alter, mode),
              MigrationListener.NONE,
              Migrations.beforeFirstCutover(workload::close))
          .execute();
      assertThat(workload.committed()).as("writes during the migration").isGreaterThan(100);
    } finally {
      db.execute("SET GLOBAL max_execution_time = " + before);
    }
    Migrations.assertAsMysqlWould(db, "t", mysql, alter);
  }
}
