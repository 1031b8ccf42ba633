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
 * A session that writes its binlog transactions compressed ({@code SET SESSION
 * binlog_transaction_compression = ON}): the job's binlog reader skips such a transaction without a
 * word, so without the watch its changes are missing from the ghost table and the swap loses them
 * (as this class's first version showed: 50 updates in a compressed session, gone from the swapped
 * table). With the watch the migration stops before its swap, the original intact.
 */
@ExtendWith(MysqlExtension.class)
class CompressedBinlogIT {
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
}
