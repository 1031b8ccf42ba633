package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The races the copy marks exist for, made to happen: between the stream copy's read of the first
 * chunk and its write of those rows, the original loses a row, changes one, moves keys into and out
 * of the chunk and swaps a unique value with a row of a later chunk. The hook then gives the sink
 * up to 3 s to apply those changes before the stale rows are written; the marks must keep it from
 * doing so (without them a deleted row comes back). In the end the ghost table equals the original.
 */
@ExtendWith(MysqlExtension.class)
class StreamCopyRacesIT {
  private static final int ROWS = 1000;

  /** What the hook saw, for the failure message: reads of chunk 0, and how each wait ended. */
  private static final List<String> HOOK_LOG = new java.util.concurrent.CopyOnWriteArrayList<>();

  @TempDir Path stateDir;

  @Test
  void changesWrittenBetweenAChunksReadAndItsWriteWinOverTheStaleRows(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    HOOK_LOG.clear();
    db.execute(
        "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, u VARCHAR(20) NOT NULL,"
            + " c VARCHAR(40) NOT NULL, UNIQUE KEY u_key (u))",
        "SET SESSION cte_max_recursion_depth = 10000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT n * 10, CONCAT('u', n * 10), CONCAT('old ', n) FROM seq");
    CopyHook races = new Races(db.jdbcUrl(), mysql.user(), mysql.password(), 2);
    try (JobHarness harness =
            JobHarness.prepare(
                db, mysql, "t", "ADD COLUMN x INT NULL", 2, 100, CopyMode.STREAM, races);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 4)) {
      JobID job = flink.submit(harness.spec, Duration.ofMillis(500), null);
      harness.awaitDrained();
      flink.cancel(job);
    }

    assertThat(db.scalar("SELECT COUNT(*) FROM _t_gho WHERE id = 20"))
        .as("the row deleted after the chunk's read is not resurrected; hook: " + HOOK_LOG)
        .isEqualTo(0L);
    assertThat(db.scalar("SELECT c FROM _t_gho WHERE id = 40"))
        .as("the row updated after the read ends in its newest state")
        .isEqualTo("newest");
    assertThat(db.query("SELECT id FROM _t_gho WHERE id IN (60, 9995, 9000, 65) ORDER BY id"))
        .as("keys moved out of and into the chunk")
        .containsExactly(List.of(65), List.of(9995));
    assertThat(db.query("SELECT id, u FROM _t_gho WHERE id IN (80, 8000) ORDER BY id"))
        .as("the unique values swapped with a row of a later chunk")
        .containsExactly(List.of(80, "u8000"), List.of(8000, "u80"));
    String all = "SELECT id, u, c FROM %s ORDER BY id";
    assertThat(db.query(all.formatted("_t_gho")))
        .hasSize(ROWS - 1)
        .containsExactlyElementsOf(db.query(all.formatted("t")));
  }

  /**
   * On chunk 0 only (ids 10..1000), after its read: the races, each written so that a retried chunk
   * repeats nothing; then up to 3 s for the sink to apply them, which it must not.
   */
  private record Races(String url, String user, String password, int sinks) implements CopyHook {
    @Override
    public void afterRead(long chunkId) throws Exception {
      if (chunkId != 0) {
        return;
      }
      long written;
      try (Connection c = DriverManager.getConnection(url, user, password);
          Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM t WHERE id = 20");
        s.executeUpdate("UPDATE t SET c = 'newest' WHERE id = 40");
        s.executeUpdate("UPDATE t SET id = 9995 WHERE id = 60");
        s.executeUpdate("UPDATE t SET id = 65 WHERE id = 9000");
        c.setAutoCommit(false);
        if (s.executeUpdate("UPDATE t SET u = 'swap' WHERE id = 80 AND u = 'u80'") == 1) {
          s.executeUpdate("UPDATE t SET u = 'u80' WHERE id = 8000");
          s.executeUpdate("UPDATE t SET u = 'u8000' WHERE id = 80");
        }
        c.commit();
        c.setAutoCommit(true);
        written = endOfBinlog(s);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(3).toNanos();
        long applied = appliedPoint(s);
        while (System.nanoTime() < deadline && applied < written - 1) {
          Thread.sleep(50);
          applied = appliedPoint(s);
        }
        HOOK_LOG.add(
            String.format(
                "chunk 0 read on %s: wrote through %d, waited %d ms, applied %d",
                Thread.currentThread().getName(),
                written,
                (System.nanoTime() - started) / 1_000_000,
                applied));
      }
    }

    private static long endOfBinlog(Statement s) throws SQLException {
      try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
        rs.next();
        return BinlogPosition.encode(rs.getString(1), rs.getLong(2));
      }
    }

    private long appliedPoint(Statement s) throws SQLException {
      try (ResultSet rs =
          s.executeQuery("SELECT MIN(applied), COUNT(*) FROM _t_ghp WHERE name LIKE 'sink-%'")) {
        rs.next();
        return rs.getLong(2) < sinks ? Long.MIN_VALUE : rs.getLong(1);
      }
    }
  }
}
