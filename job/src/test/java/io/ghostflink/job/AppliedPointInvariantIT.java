package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003: the published applied point is never ahead of the data in the ghost table. Under a
 * steady write load a ledger thread inserts rows and records, after each commit, a binlog position
 * at or past the end of its transaction; a poller reads the applied point, the copy's state and the
 * ghost's ledger rows in one consistent snapshot, and once the copy is done every ledger row whose
 * recorded position the applied point has reached must be in that snapshot. (While the copy runs, a
 * change to a row no chunk has reached is left to the chunk that will: the ledger rows, past the
 * table's end, come with its last chunk. The cut-over reads the applied point only after the copy.)
 */
@ExtendWith(MysqlExtension.class)
class AppliedPointInvariantIT {
  private static final int ROWS = 20_000;

  @TempDir Path stateDir;

  @Test
  void appliedPointIsNeverAheadOfTheGhostTable(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c VARCHAR(120) NOT NULL DEFAULT '', pad VARCHAR(60) NOT NULL DEFAULT '')",
        "SET SESSION cte_max_recursion_depth = 1000000",
        "INSERT INTO t (id, k, c, pad) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1"
            + " FROM seq WHERE n < "
            + ROWS
            + ") SELECT n * 2, n % 1000, MD5(n), 'p' FROM seq");
    Map<Long, Long> ledger = new ConcurrentHashMap<>(); // id -> position at or after its commit
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Exception> ledgerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> writeLedger(db, ledger, running, ledgerFailure), "ledger");
    long checks = 0;
    long checkedRows = 0;
    try (JobHarness harness = JobHarness.prepare(db, mysql, "t", "ADD COLUMN x INT", 2, 500);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 4);
        Workload workload = Workload.start(db, "t", 2L * ROWS, 3, 300, 3);
        Connection poller = db.connect()) {
      JobID job = flink.submit(harness.spec, Duration.ofMillis(500), null);
      writer.start();
      poller.setAutoCommit(false);
      Instant end = Instant.now().plusSeconds(8);
      while (Instant.now().isBefore(end) || !harness.copyDone()) {
        Snapshot s = snapshot(poller, harness);
        for (Map.Entry<Long, Long> row : ledger.entrySet()) {
          if (s.copyDone && s.applied >= row.getValue() - 1) {
            checkedRows++;
            assertThat(s.ghostLedger)
                .as(
                    "ledger row %d (committed by %d) under applied point %d",
                    row.getKey(), row.getValue(), s.applied)
                .contains(row.getKey());
          }
        }
        checks++;
        Thread.sleep(20);
      }
      running.set(false);
      writer.join(10_000);
      workload.close();
      flink.cancel(job);
    }
    assertThat(ledgerFailure.get()).isNull();
    assertThat(checks).isGreaterThan(50);
    assertThat(checkedRows).as("ledger rows the applied point had reached").isGreaterThan(1000);
  }

  private record Snapshot(long applied, boolean copyDone, Set<Long> ghostLedger) {}

  /** The applied point, the copy's end and the ghost's ledger rows, as of one snapshot. */
  private static Snapshot snapshot(Connection c, JobHarness harness) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
      long applied = Long.MIN_VALUE;
      try (PreparedStatement ps =
          c.prepareStatement(GhostDml.appliedPoint(harness.table.progress()))) {
        ps.setLong(1, harness.spec.runId());
        ps.setLong(2, harness.spec.runId());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getObject(1) != null && rs.getInt(2) == harness.spec.parallelism()) {
            applied = rs.getLong(1);
          }
        }
      }
      boolean copyDone;
      try (PreparedStatement ps =
          c.prepareStatement(GhostDml.copyProgress(harness.table.progress()))) {
        ps.setLong(1, harness.spec.runId());
        try (ResultSet rs = ps.executeQuery()) {
          copyDone = rs.next() && rs.getInt(3) == 1;
        }
      }
      Set<Long> ids = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT id FROM _t_gho WHERE id >= 10000000")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      c.commit();
      return new Snapshot(applied, copyDone, ids);
    }
  }

  private static void writeLedger(
      TestDatabase db,
      Map<Long, Long> ledger,
      AtomicBoolean running,
      AtomicReference<Exception> failure) {
    try (Connection c = db.connect();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO t (id, k, c, pad) VALUES (?, 0, 'ledger', '')");
        Statement s = c.createStatement()) {
      for (long id = 10_000_000; running.get(); id++) {
        insert.setLong(1, id);
        insert.executeUpdate();
        try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
          rs.next();
          ledger.put(id, BinlogPosition.encode(rs.getString(1), rs.getLong(2)));
        }
        Thread.sleep(3);
      }
    } catch (Exception e) {
      failure.set(e);
    }
  }
}
