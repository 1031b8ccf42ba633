package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Changes to rows the copy has not reached are left to the copy, not applied (CopyFrontier): with
 * the copy held before its first chunk, an insert, an update and a key moved to the table's end are
 * read and passed by the job and none of them is in the ghost table; the copy then brings them,
 * under writers over the whole key range, and the ghost ends equal to the original. A table whose
 * ghost has another unique key applies every change, as before.
 */
@ExtendWith(MysqlExtension.class)
class CopyFrontierIT {
  private static final int ROWS = 4_000;

  @TempDir Path stateDir;

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void aChangeToARowNoChunkHasReachedIsCopiedNotApplied(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    JobHarness.createSysbenchTable(db, ROWS); // ids 2, 4, … 8000
    try (JobHarness harness =
            JobHarness.prepare(
                db,
                mysql,
                "t",
                "ADD COLUMN c2 INT NOT NULL DEFAULT 0",
                2,
                200,
                mode,
                CopyHook.NONE);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 4)) {
      hold(db, "held by the test");
      JobID job = flink.submit(harness.spec, Duration.ofMillis(300), null);
      JobHarness.await(() -> harness.appliedPoint() > Long.MIN_VALUE, "the job to apply");

      db.execute(
          "INSERT INTO t (id, k, c, pad) VALUES (1001, 1, 'inserted', 'p')",
          "UPDATE t SET c = 'updated' WHERE id = 2000",
          "DELETE FROM t WHERE id = 3000",
          "UPDATE t SET id = 8001 WHERE id = 7998");
      awaitApplied(harness, db);
      assertThat(harness.copiedChunks()).as("the copy is held").isZero();
      assertThat(db.query("SELECT id FROM _t_gho WHERE id IN (1001, 2000, 7998, 8001)"))
          .as("no chunk has reached these rows: their changes are left to the copy")
          .isEmpty();

      hold(db, "");
      try (Workload workload = Workload.start(db, "t", 2L * ROWS + 2, 2, 200, 7)) {
        JobHarness.await(harness::copyDone, "the copy to finish");
        workload.close();
        assertThat(workload.committed()).isGreaterThan(20);
      }
      harness.awaitDrained();
      db.execute("INSERT INTO t (id, k, c, pad) VALUES (8003, 3, 'after the copy', 'p')");
      awaitApplied(harness, db);
      assertThat(db.query("SELECT c FROM _t_gho WHERE id = 8003"))
          .as("once the copy is done every change is applied")
          .containsExactly(List.of("after the copy"));
      flink.cancel(job);
    }
    String all = "SELECT id, k, c, pad FROM %s ORDER BY id";
    assertThat(db.query(all.formatted("_t_gho")))
        .hasSizeGreaterThan(ROWS / 2)
        .containsExactlyElementsOf(db.query(all.formatted("t")));
    assertThat(db.query("SELECT c FROM _t_gho WHERE id IN (1001, 2000) ORDER BY id"))
        .as("the copy brought the rows changed while it was held")
        .containsExactly(List.of("inserted"), List.of("updated"));
  }

  @Test
  void aGhostWithAnotherUniqueKeyAppliesEveryChange(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, u VARCHAR(20) NOT NULL,"
            + " UNIQUE KEY u_key (u))",
        "INSERT INTO t VALUES (2, 'two'), (4, 'four'), (6, 'six')");
    try (JobHarness harness =
            JobHarness.prepare(
                db, mysql, "t", "ADD COLUMN x INT NULL", 1, 100, CopyMode.SERVER, CopyHook.NONE);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 2)) {
      hold(db, "held by the test");
      JobID job = flink.submit(harness.spec, Duration.ofMillis(300), null);
      JobHarness.await(() -> harness.appliedPoint() > Long.MIN_VALUE, "the job to apply");
      db.execute("INSERT INTO t VALUES (9, 'nine')");
      awaitApplied(harness, db);
      assertThat(harness.copiedChunks()).as("the copy is held").isZero();
      assertThat(db.query("SELECT id, u FROM _t_gho"))
          .as("a stale row may keep a copied row out of u_key: the change is applied")
          .containsExactly(List.of(9, "nine"));
      flink.cancel(job);
    }
  }

  /** Holds the copy's planner as the controller's throttle does ("": released). */
  private static void hold(TestDatabase db, String why) {
    db.execute(
        "INSERT INTO _t_ghc (hint, value) VALUES ('"
            + ChangelogSql.THROTTLE
            + "', '"
            + why
            + "') ON DUPLICATE KEY UPDATE value = VALUES(value)");
  }

  /** Waits until the sink has applied everything committed so far. */
  private static void awaitApplied(JobHarness harness, TestDatabase db)
      throws InterruptedException {
    List<Object> end = db.query("SHOW MASTER STATUS").get(0);
    long written = BinlogPosition.encode((String) end.get(0), ((Number) end.get(1)).longValue());
    JobHarness.await(() -> harness.appliedPoint() >= written - 1, "the sink to apply");
  }
}
