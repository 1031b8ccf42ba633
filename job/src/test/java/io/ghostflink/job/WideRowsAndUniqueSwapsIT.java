package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of wide types (JSON, BLOB, DECIMAL, DATETIME(6), TIMESTAMP(6), TIME, BIT, DOUBLE, utf8mb4,
 * NULLs) and transactions that swap unique values between rows, at sink parallelism 2: the ghost
 * table ends equal to the original on every column.
 */
@ExtendWith(MysqlExtension.class)
class WideRowsAndUniqueSwapsIT {
  private static final int ROWS = 400;
  private static final String COLUMNS =
      "id, u, CAST(j AS CHAR), HEX(b), CAST(d AS CHAR), CAST(dt AS CHAR), CAST(ts AS CHAR), e,"
          + " CAST(tm AS CHAR), HEX(bi), CAST(f AS CHAR), CAST(g AS CHAR)";

  @TempDir Path stateDir;

  @Test
  void everyColumnSurvivesCopyAndApplyWhileUniqueValuesSwap(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "CREATE TABLE w (id INT NOT NULL PRIMARY KEY, u VARCHAR(20) NOT NULL, j JSON NULL,"
            + " b BLOB NULL, d DECIMAL(30,8) NULL, dt DATETIME(6) NULL, ts TIMESTAMP(6) NULL,"
            + " e VARCHAR(40) CHARACTER SET utf8mb4 NULL, tm TIME(6) NULL, bi BIT(12) NULL,"
            + " f DOUBLE NULL, g INT AS (id * 2) VIRTUAL, UNIQUE KEY u_key (u))",
        "SET SESSION cte_max_recursion_depth = 10000",
        "INSERT INTO w (id, u, j, b, d, dt, ts, e, tm, bi, f) WITH RECURSIVE seq (n) AS (SELECT 1"
            + " UNION ALL SELECT n + 1 FROM seq WHERE n < "
            + ROWS
            + ") SELECT n, CONCAT('u', n), JSON_OBJECT('n', n, 'a', JSON_ARRAY(n, 'x')),"
            + " UNHEX(MD5(n)), n * 1.00000001, TIMESTAMP('2024-02-29 23:59:59.999999') - INTERVAL n"
            + " SECOND, FROM_UNIXTIME(1700000000 + n + 0.000123), CONCAT('😀 ', n),"
            + " SEC_TO_TIME(n * 997), n % 4096, n / 7 FROM seq",
        "UPDATE w SET j = NULL, b = NULL, d = NULL, dt = NULL, ts = NULL, e = NULL WHERE id % 11 = 0");

    try (JobHarness harness =
            JobHarness.prepare(
                db, mysql, "w", "MODIFY e VARCHAR(80) CHARACTER SET utf8mb4 NULL", 2, 50);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 8)) {
      JobID job = flink.submit(harness.spec, Duration.ofMillis(300), null);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong swaps = new AtomicLong();
      AtomicReference<RuntimeException> writerFailure = new AtomicReference<>();
      Thread[] writers = new Thread[3];
      for (int i = 0; i < writers.length; i++) {
        Random random = new Random(i);
        writers[i] =
            new Thread(
                () -> {
                  try {
                    write(db, random, running, swaps);
                  } catch (RuntimeException e) {
                    writerFailure.compareAndSet(null, e);
                  }
                });
        writers[i].start();
      }
      JobHarness.await(harness::copyDone, "copy done");
      Thread.sleep(2_000);
      running.set(false);
      for (Thread t : writers) {
        t.join();
      }
      assertThat(writerFailure.get()).isNull();
      assertThat(swaps.get()).isGreaterThan(20);

      harness.awaitDrained();
      flink.cancel(job);
    }

    List<List<Object>> original = db.query("SELECT " + COLUMNS + " FROM w ORDER BY id");
    List<List<Object>> ghost = db.query("SELECT " + COLUMNS + " FROM _w_gho ORDER BY id");
    assertThat(original).hasSizeGreaterThan(ROWS / 2);
    assertThat(ghost).containsExactlyElementsOf(original);
  }

  // Swaps the unique values of two rows in one transaction, rewrites wide columns, and deletes and
  // re-inserts rows, so every subtask sees REPLACEs that collide on the unique key.
  private static void write(
      TestDatabase db, Random random, AtomicBoolean running, AtomicLong swaps) {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      while (running.get()) {
        int a = 1 + random.nextInt(ROWS);
        int b = 1 + random.nextInt(ROWS);
        try {
          int op = random.nextInt(10);
          if (op < 5 && a != b) {
            String ua = uniqueValue(c, a);
            String ub = uniqueValue(c, b);
            if (ua != null && ub != null) {
              setUnique(c, a, "~" + a);
              setUnique(c, b, ua);
              setUnique(c, a, ub);
              swaps.incrementAndGet();
            }
          } else if (op < 8) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE w SET j = JSON_SET(COALESCE(j, '{}'), '$.r', ?), b = RANDOM_BYTES(?),"
                        + " d = ?, dt = NOW(6), ts = NOW(6), e = ?, tm = ?, bi = ?, f = ? WHERE id = ?")) {
              ps.setInt(1, random.nextInt());
              ps.setInt(2, 1 + random.nextInt(64));
              ps.setString(3, (random.nextInt(2_000_000) - 1_000_000) + ".12345678");
              ps.setString(4, random.nextBoolean() ? "é🚀" + random.nextInt(100) : null);
              // positive: negative TIME cannot come through the binlog exactly (ValueEncoder)
              ps.setString(5, random.nextInt(800) + ":59:59.5");
              ps.setInt(6, random.nextInt(4096));
              ps.setDouble(7, random.nextGaussian() * 1e10);
              ps.setInt(8, a);
              ps.executeUpdate();
            }
          } else {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM w WHERE id = ?");
                PreparedStatement ins =
                    c.prepareStatement(
                        "INSERT INTO w (id, u) VALUES (?, CONCAT('n', ?, '-', ?))")) {
              del.setInt(1, a);
              del.executeUpdate();
              ins.setInt(1, a);
              ins.setInt(2, a);
              ins.setInt(3, random.nextInt(100_000));
              ins.executeUpdate();
            }
          }
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          if (e.getErrorCode() != 1213 && e.getErrorCode() != 1205 && e.getErrorCode() != 1062) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String uniqueValue(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT u FROM w WHERE id = ? FOR UPDATE")) {
      ps.setInt(1, id);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void setUnique(Connection c, int id, String u) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE w SET u = ? WHERE id = ?")) {
      ps.setString(1, u);
      ps.setInt(2, id);
      ps.executeUpdate();
    }
  }
}
