package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.hasColumn;
import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions that write changes the job's binlog reader skips without a word: transactions compressed
 * ({@code SET SESSION binlog_transaction_compression = ON}) and partial JSON updates ({@code SET
 * SESSION binlog_row_value_options = 'PARTIAL_JSON'}). Without the watch their changes are missing
 * from the ghost table and the swap loses them (measured when this class was first written: 50
 * compressed updates and 20 partial JSON updates, all gone from the swapped table, with the
 * checksum off). With it the migration stops before its swap, the original intact.
 */
@ExtendWith(MysqlExtension.class)
class UnreadableChangesIT {
  private static final String ALTER = "ADD COLUMN x INT";

  /** Runs {@code statements} autocommitted on a session that compresses its transactions. */
  private static void compressed(TestDatabase db, String... statements) {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION binlog_transaction_compression = ON");
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String digest(TestDatabase db) {
    return (String) db.scalar("SELECT MD5(GROUP_CONCAT(id, k, c, pad ORDER BY id)) FROM sb");
  }

  @Test
  void updatesFromACompressingSessionStopTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) {
    Migrations.sysbenchTable(db, "sb", 5_000);
    String[] updates = new String[50];
    for (int i = 0; i < updates.length; i++) {
      updates[i] = "UPDATE sb SET c = 'compressed' WHERE id = " + (i + 1) * 20;
    }
    MigrationListener inApply =
        Migrations.onceIn(MigrationPhase.APPLY, () -> compressed(db, updates));

    // without the checksum: the watch alone must see it
    assertThatThrownBy(
            () ->
                new MigrationController(
                        Migrations.withoutChecksum(options(db, mysql, "sb", ALTER)),
                        inApply,
                        CutoverHook.NONE)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("the server wrote 50 transaction(s) to its binlog compressed")
        .hasMessageContaining("turn binlog_transaction_compression off")
        .hasMessageContaining("nothing was swapped");
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "sb", "x")).as("sb is the original").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM sb WHERE c = 'compressed'"))
        .as("the compressed updates are in the original")
        .isEqualTo(50L);
  }

  @Test
  void aCompressedTransactionJustBeforeTheCutOverStopsItsSwap(
      TestDatabase db, MysqlInstance mysql) {
    Migrations.sysbenchTable(db, "sb", 2_000);
    db.execute("CREATE TABLE other (id INT PRIMARY KEY)");
    String before = digest(db);
    // after the last look of the copy and apply, before the writers are held: only the cut-over's
    // own look, with the job drained, can see it. The transaction is on another table: the count
    // cannot say which tables a compressed transaction changed, so any one stops the swap.
    CutoverHook compressOnce =
        Migrations.beforeFirstCutover(() -> compressed(db, "INSERT INTO other VALUES (1)"));

    assertThatThrownBy(
            () ->
                new MigrationController(
                        Migrations.withAttempts(
                            options(db, mysql, "sb", ALTER), 3, java.time.Duration.ofSeconds(5)),
                        MigrationListener.NONE,
                        compressOnce)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("the server wrote 1 transaction(s) to its binlog compressed")
        .hasMessageContaining("nothing was swapped");
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "sb", "x")).as("sb is the original").isFalse();
    assertThat(digest(db)).as("the original is untouched").isEqualTo(before);
  }

  @Test
  void aSessionWithPartialJsonUpdatesStopsTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE j (id INT PRIMARY KEY, doc JSON NOT NULL)",
        "INSERT INTO j SELECT n, JSON_OBJECT('a', n, 'b', REPEAT('x', 50)) FROM (WITH RECURSIVE"
            + " s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 900) SELECT n FROM s)"
            + " t");
    try (Connection app = db.connect();
        Statement s = app.createStatement()) {
      s.execute("SET SESSION binlog_row_value_options = 'PARTIAL_JSON'");
      // logged as Update_rows_partial events, which the job cannot read; the session stays
      MigrationListener inApply =
          Migrations.onceIn(
              MigrationPhase.APPLY,
              () -> {
                try {
                  for (int i = 1; i <= 20; i++) {
                    s.execute("UPDATE j SET doc = JSON_SET(doc, '$.a', 'partial') WHERE id = " + i);
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThatThrownBy(
              () ->
                  new MigrationController(
                          Migrations.withoutChecksum(options(db, mysql, "j", ALTER)),
                          inApply,
                          CutoverHook.NONE)
                      .execute())
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("have binlog_row_value_options = PARTIAL_JSON")
          .hasMessageContaining("nothing was swapped");
    }
    assertThat(hasTable(db, "_j_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "j", "x")).as("j is the original").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM j WHERE doc->>'$.a' = 'partial'")).isEqualTo(20L);
  }
}
