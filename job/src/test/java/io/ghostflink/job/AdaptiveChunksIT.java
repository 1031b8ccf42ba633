package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chunks sized by time, along integer, composite and string keys, in both copy modes: a copy that
 * starts at 100-row chunks with a target time no chunk reaches grows its chunks (far fewer chunks
 * than the fixed size would make), and every row arrives. While no other session has changed a row
 * for 10 s, chunks follow the quiet target instead ({@code --quiet-chunk-time}).
 */
@ExtendWith(MysqlExtension.class)
class AdaptiveChunksIT {
  private static final int ROWS = 20_000;
  private static final int FIRST = 100;

  @TempDir Path stateDir;

  static Stream<Arguments> keys() {
    return Stream.of(CopyMode.values())
        .flatMap(
            mode ->
                Stream.of(
                    Arguments.of(mode, "id BIGINT NOT NULL", "PRIMARY KEY (id)", "n"),
                    Arguments.of(
                        mode,
                        "a VARCHAR(20) NOT NULL, b INT NOT NULL",
                        "PRIMARY KEY (a, b)",
                        "CONCAT('g', n % 7), n"),
                    Arguments.of(
                        mode, "code VARCHAR(40) NOT NULL", "PRIMARY KEY (code)", "MD5(n)")));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("keys")
  void chunksGrowTowardsTheTargetTimeAndEveryRowArrives(
      CopyMode mode,
      String keyColumns,
      String key,
      String keyValues,
      TestDatabase db,
      MysqlInstance mysql)
      throws Exception {
    createTable(db, keyColumns + ", v VARCHAR(60) NOT NULL, " + key, keyValues + ", SHA1(n)");
    // fixed 100-row chunks would be 200; doubling from 100 reaches 20,000 rows in ~16 chunks
    assertThat(
            copiedChunks(
                db, mysql, ChunkSizing.adaptive(FIRST, Duration.ofSeconds(5)), mode, CopyHook.NONE))
        .isBetween(2L, 40L);
    List<List<Object>> original = db.query("SELECT * FROM t ORDER BY 1, 2");
    List<List<Object>> ghost = db.query("SELECT * FROM _t_gho ORDER BY 1, 2");
    assertThat(original).hasSize(ROWS);
    assertThat(ghost).hasSize(ROWS);
    for (int i = 0; i < ROWS; i++) {
      assertThat(ghost.get(i).subList(0, original.get(i).size())).isEqualTo(original.get(i));
    }
  }

  /**
   * Every chunk is held 20 ms between its read and its write (the stream copy's hook), so a 10 ms
   * target keeps chunks at their 100-row floor: 200 chunks for 20,000 rows. The sessions that
   * loaded the table are gone and nobody else writes, so with a 5 s quiet target the planner grows
   * them twofold a chunk from its first reading (its look back through the statement history finds
   * no write).
   */
  @ParameterizedTest(name = "quiet target {0} ms")
  @CsvSource({"0, 190, 400", "5000, 2, 100"})
  void whileNobodyElseWritesChunksFollowTheQuietTarget(
      long quietMs, long fewest, long most, TestDatabase db, MysqlInstance mysql) throws Exception {
    createTable(db, "id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(60) NOT NULL", "n, SHA1(n)");
    ChunkSizing sizing =
        ChunkSizing.adaptive(FIRST, Duration.ofMillis(10), Duration.ofMillis(quietMs));
    CopyHook slow = chunk -> Thread.sleep(20);
    awaitNobodyElseWroteLately(db);
    long chunks = copiedChunks(db, mysql, sizing, CopyMode.STREAM, slow);
    assertThat(chunks)
        .as("chunks; other sessions' writes still in the statement history: %s", writersLately(db))
        .isBetween(fewest, most);
    assertThat(db.query("SELECT COUNT(*) FROM _t_gho").get(0).get(0)).isEqualTo((long) ROWS);
  }

  /**
   * Waits until no session but ghostflink's has a statement that changed rows in the last 12 s in
   * its statement history, where the copy's planner looks back at its start: a session an earlier
   * test closed may still be connected a moment (the server ends it after the client left), and one
   * that wrote in the 10 s before the copy keeps its chunks at their target.
   */
  private static void awaitNobodyElseWroteLately(TestDatabase db) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String writers;
    while (!(writers = writersLately(db)).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(writers).as("sessions that changed rows lately and are still connected").isEmpty();
  }

  // the sessions still connected, but ghostflink's and this one, with a statement that changed
  // rows in the last 12 s in their history ("" for none): thread, user, statement
  private static String writersLately(TestDatabase db) {
    Object writers =
        db.scalar(
            "SELECT GROUP_CONCAT(CONCAT(t.THREAD_ID, ' ', IFNULL(t.PROCESSLIST_USER, '-'), ': ',"
                + " LEFT(h.SQL_TEXT, 60)) SEPARATOR '; ')"
                + " FROM performance_schema.events_statements_history h"
                + " JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID"
                + " WHERE h.ROWS_AFFECTED > 0 AND t.PROCESSLIST_ID <> CONNECTION_ID()"
                + " AND NOT EXISTS (SELECT 1 FROM performance_schema.session_connect_attrs a"
                + " WHERE a.PROCESSLIST_ID = t.PROCESSLIST_ID AND a.ATTR_NAME = 'program_name'"
                + " AND a.ATTR_VALUE = '"
                + Connections.PROGRAM_NAME
                + "')"
                // added, not subtracted: the timer counts from the server's start, unsigned
                + " AND h.TIMER_END + 12000000000000 >= (SELECT TIMER_END FROM"
                + " performance_schema.events_statements_current"
                + " WHERE THREAD_ID = PS_CURRENT_THREAD_ID())");
    return writers == null ? "" : writers.toString();
  }

  /**
   * A session that changed a row right before the copy and stays connected (an application that
   * writes now and then) is in performance_schema's statement history, where the copy's planner
   * looks back at its start: for the next 10 s chunks keep to their 10 ms target, as if no quiet
   * target were set, and the copy (about 4 s at the 100-row floor) never switches.
   */
  @Test
  void aRowChangedRightBeforeTheCopyKeepsChunksAtTheirTarget(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    createTable(db, "id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(60) NOT NULL", "n, SHA1(n)");
    db.execute("CREATE TABLE app (id INT PRIMARY KEY)");
    ChunkSizing sizing = ChunkSizing.adaptive(FIRST, Duration.ofMillis(10), Duration.ofSeconds(5));
    CopyHook slow = chunk -> Thread.sleep(20);
    try (Connection app = db.connect();
        Statement s = app.createStatement()) {
      s.executeUpdate("INSERT INTO app VALUES (1)");
      assertThat(copiedChunks(db, mysql, sizing, CopyMode.STREAM, slow)).isBetween(190L, 400L);
    }
    assertThat(db.query("SELECT COUNT(*) FROM _t_gho").get(0).get(0)).isEqualTo((long) ROWS);
  }

  // t (columns) with ROWS rows of values(n)
  private static void createTable(TestDatabase db, String columns, String values) {
    db.execute(
        "CREATE TABLE t (" + columns + ")",
        "SET SESSION cte_max_recursion_depth = 1000000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE"
            + " n < "
            + ROWS
            + ") SELECT "
            + values
            + " FROM seq");
  }

  // copies t into its ghost (ADD COLUMN) on two readers until drained; the chunks it took
  private long copiedChunks(
      TestDatabase db, MysqlInstance mysql, ChunkSizing sizing, CopyMode mode, CopyHook hook)
      throws Exception {
    try (JobHarness harness =
            JobHarness.prepare(
                db, mysql, "t", "ADD COLUMN x INT NOT NULL DEFAULT 0", 2, sizing, mode, hook);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 8)) {
      JobID job = flink.submit(harness.spec, Duration.ofSeconds(1), null);
      harness.awaitDrained();
      long chunks = harness.copiedChunks();
      flink.cancel(job);
      return chunks;
    }
  }
}
