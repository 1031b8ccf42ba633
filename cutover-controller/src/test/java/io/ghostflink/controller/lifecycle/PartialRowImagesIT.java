package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application session that writes with {@code binlog_row_image = MINIMAL} (a session with
 * SESSION_VARIABLES_ADMIN may, whatever the server's default) logs only some columns of each row;
 * written as they are, the others would become NULL. The migration must stop before its swap and
 * say why and what to do, not (as Debezium did, restart after restart) that its schema was out of
 * sync with the database's.
 */
@ExtendWith(MysqlExtension.class)
class PartialRowImagesIT {
  @Test
  void aSessionWritingMinimalRowImagesStopsTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(20))",
        "SET SESSION cte_max_recursion_depth = 10000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < 3000) SELECT n, n, CONCAT('b', n) FROM seq");
    Throwable failure;
    try (Workload workload =
        Workload.scripted(
            db,
            List.of("UPDATE t SET a = a + 1 WHERE id = {id}"),
            List.of("SET SESSION binlog_row_image = 'MINIMAL'"),
            3000,
            1,
            50,
            3)) {
      failure =
          catchThrowable(
              () ->
                  new MigrationController(
                          options(db, mysql, "t", "ADD COLUMN x INT", CopyMode.SERVER),
                          MigrationListener.NONE,
                          CutoverHook.NONE)
                      .execute());
    }

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage())
        .contains("binlog_row_image = MINIMAL or NOBLOB")
        .contains("SET SESSION binlog_row_image = FULL");
    assertThat(Migrations.hasTable(db, "_t_del")).as("no swap").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM t WHERE b IS NULL")).isEqualTo(0L);
  }
}
