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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changes the job cannot read or follow (docs/operations.md, "Changes the job cannot read"):
 * transactions compressed ({@code SET SESSION binlog_transaction_compression = ON}), partial JSON
 * updates ({@code SET SESSION binlog_row_value_options = 'PARTIAL_JSON'}), XA transactions rolled
 * back after their prepare, and a TRUNCATE or ALTER of the original. Without the watch the swap
 * lost or invented rows (measured when each case was first written, with the checksum off: 50
 * compressed and 20 partial JSON updates gone, 20 rolled-back XA updates kept, 3,000 truncated rows
 * kept, an added column dropped). With it the migration stops before its swap, the original intact;
 * a prepared XA transaction holds the checksum's and the cut-over's locks until it ends.
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

  /**
   * Runs the migration, which must fail before its swap saying each of {@code why}: nothing
   * swapped.
   */
  private static void stopsBeforeItsSwap(
      MigrationOptions options, MigrationListener listener, CutoverHook hook, String... why) {
    var failure =
        assertThatThrownBy(() -> new MigrationController(options, listener, hook).execute())
            .isInstanceOf(MigrationFailedException.class)
            .hasMessageContaining("nothing was swapped");
    for (String w : why) {
      failure.hasMessageContaining(w);
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
    stopsBeforeItsSwap(
        Migrations.withoutChecksum(options(db, mysql, "sb", ALTER)),
        inApply,
        CutoverHook.NONE,
        "the server wrote 50 transaction(s) to its binlog compressed",
        "turn binlog_transaction_compression off");
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

    stopsBeforeItsSwap(
        Migrations.withAttempts(
            options(db, mysql, "sb", ALTER), 3, java.time.Duration.ofSeconds(5)),
        MigrationListener.NONE,
        compressOnce,
        "the server wrote 1 transaction(s) to its binlog compressed");
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
          inApplyOn(
              s,
              java.util.stream.IntStream.rangeClosed(1, 20)
                  .mapToObj(
                      i -> "UPDATE j SET doc = JSON_SET(doc, '$.a', 'partial') WHERE id = " + i)
                  .toArray(String[]::new));
      stopsBeforeItsSwap(
          Migrations.withoutChecksum(options(db, mysql, "j", ALTER)),
          inApply,
          CutoverHook.NONE,
          "have binlog_row_value_options = PARTIAL_JSON");
    }
    assertThat(hasTable(db, "_j_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "j", "x")).as("j is the original").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM j WHERE doc->>'$.a' = 'partial'")).isEqualTo(20L);
  }

  @Test
  void aSessionLoggingStatementsStopsTheMigrationBeforeItsSwap(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "CREATE TABLE st (id INT PRIMARY KEY, v INT NOT NULL)",
        "INSERT INTO st SELECT n, 0 FROM (WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1"
            + " FROM s WHERE n < 900) SELECT n FROM s) t");
    try (Connection app = db.connect();
        Statement s = app.createStatement()) {
      s.execute("SET SESSION binlog_format = 'STATEMENT'");
      // logged as Query events, which the job passes over (by hand: 2,234 updates of such a
      // session, "changes applied: 0"); the session stays
      MigrationListener inApply = inApplyOn(s, "UPDATE st SET v = 1 WHERE id <= 20");
      stopsBeforeItsSwap(
          Migrations.withoutChecksum(options(db, mysql, "st", ALTER)),
          inApply,
          CutoverHook.NONE,
          "log their changes as statements (binlog_format)",
          "STATEMENT");
    }
    assertThat(hasTable(db, "_st_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "st", "x")).as("st is the original").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM st WHERE v = 1")).isEqualTo(20L);
  }

  /** Runs {@code statements} on {@code s} once, when the migration's apply phase begins. */
  private static MigrationListener inApplyOn(Statement s, String... statements) {
    return Migrations.onceIn(
        MigrationPhase.APPLY,
        () -> {
          try {
            for (String sql : statements) {
              s.execute(sql);
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Prepares an XA transaction of {@code update} and leaves it prepared, its session gone. */
  private static void preparedAndDetached(TestDatabase db, String xid, String update) {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("XA START '" + xid + "'");
      s.execute(update);
      s.execute("XA END '" + xid + "'");
      s.execute("XA PREPARE '" + xid + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A listener that runs {@code action} once, at the first message starting with {@code prefix}.
   */
  private static MigrationListener onMessage(
      String prefix, java.util.List<String> messages, Runnable action) {
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    return new MigrationListener() {
      @Override
      public void message(String line) {
        messages.add(line);
        if (line.startsWith(prefix) && !done.getAndSet(true)) {
          action.run();
        }
      }
    };
  }

  @Test
  void anXaTransactionRolledBackAfterItsPrepareStopsTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) {
    Migrations.sysbenchTable(db, "sb", 3_000);
    String before = digest(db);
    // its rows reach the binlog, and the ghost table, at the XA PREPARE; the rollback is a
    // statement the job passes over
    MigrationListener inApply =
        Migrations.onceIn(
            MigrationPhase.APPLY,
            () -> {
              preparedAndDetached(db, "rb", "UPDATE sb SET c = 'rolled back' WHERE id <= 40");
              db.execute("XA ROLLBACK 'rb'");
            });

    stopsBeforeItsSwap(
        Migrations.withoutChecksum(options(db, mysql, "sb", ALTER)),
        inApply,
        CutoverHook.NONE,
        "the server rolled back 1 XA transaction(s)");
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(digest(db)).as("the original is untouched").isEqualTo(before);
  }

  @Test
  void aPreparedXaTransactionHoldsTheChecksumUntilItEnds(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    // prepared during the apply: the ghost table has its rows, the original's committed rows not
    // yet; a checksum now would copy the old rows over them, and the XA COMMIT brings no rows. The
    // prepared transaction keeps its metadata lock on sb, its session gone: the checksum's read
    // lock waits until it ends
    heldByAPreparedXa(db, mysql, true, "checksum", "was not granted: Lock wait timeout");
  }

  @Test
  void aPreparedXaTransactionHoldsTheSwapUntilItEnds(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    // prepared after the checksum, before the writers are held: a rollback after the swap would
    // leave its rows in the new table. Its metadata lock holds the cut-over's lock until it ends
    heldByAPreparedXa(
        db, mysql, false, "cut-over", "LOCK_ORIGINAL_AND_MAGIC failed: Lock wait timeout");
  }

  /**
   * Prepares an XA transaction, its session gone, as the apply begins ({@code inApply}) or before
   * the first cut-over; commits it once the {@code what}'s first attempt failed with {@code why};
   * the migration then swaps, with the XA transaction's rows.
   */
  private static void heldByAPreparedXa(
      TestDatabase db, MysqlInstance mysql, boolean inApply, String what, String why)
      throws Exception {
    Migrations.sysbenchTable(db, "sb", 3_000);
    Runnable prepare =
        () -> preparedAndDetached(db, "held", "UPDATE sb SET c = 'xa' WHERE id <= 40");
    java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationListener commitAfterFirstAttempt =
        onMessage(what + " attempt 1 failed", messages, () -> db.execute("XA COMMIT 'held'"));
    MigrationListener listener =
        new MigrationListener() {
          private final MigrationListener prepareInApply =
              Migrations.onceIn(MigrationPhase.APPLY, prepare);

          @Override
          public void phase(MigrationPhase phase) {
            if (inApply) {
              prepareInApply.phase(phase);
            }
          }

          @Override
          public void message(String line) {
            commitAfterFirstAttempt.message(line);
          }
        };

    new MigrationController(
            Migrations.withAttempts(
                options(db, mysql, "sb", ALTER), 5, java.time.Duration.ofSeconds(5)),
            listener,
            inApply ? CutoverHook.NONE : Migrations.beforeFirstCutover(prepare))
        .execute();

    assertThat(messages)
        .as("the " + what + " waited for the XA transaction")
        .anyMatch(m -> m.startsWith(what + " attempt 1 failed") && m.contains(why));
    assertThat(db.scalar("SELECT COUNT(*) FROM sb WHERE c = 'xa'")).isEqualTo(20L);
    Migrations.assertSameRows(
        db, "sb", java.util.Map.of("id", "id", "k", "k", "c", "c", "pad", "pad"));
  }

  @Test
  void aCompressedTransactionWhileTheMigrationIsPausedStopsTheResumedOne(
      TestDatabase db, MysqlInstance mysql) {
    Migrations.sysbenchTable(db, "sb", 3_000);
    String before = digest(db);
    java.util.concurrent.atomic.AtomicReference<MigrationController> first =
        new java.util.concurrent.atomic.AtomicReference<>();
    first.set(
        new MigrationController(
            options(db, mysql, "sb", ALTER),
            Migrations.onceIn(MigrationPhase.APPLY, () -> first.get().requestPause()),
            CutoverHook.NONE));
    assertThatThrownBy(first.get()::execute).isInstanceOf(MigrationPausedException.class);

    // while nothing runs: the resumed job reads this part of the binlog, and skips the update
    compressed(db, "UPDATE sb SET c = 'while paused' WHERE id = 2");

    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(db, mysql, "sb", ALTER), MigrationListener.NONE, CutoverHook.NONE)
                    .resume())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("the server wrote 1 transaction(s) to its binlog compressed")
        .hasMessageContaining("nothing was swapped");
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "sb", "x")).as("sb is the original").isFalse();
    assertThat(digest(db)).isNotEqualTo(before); // the update is there, in the original
  }

  @ParameterizedTest
  // InnoDB names s-b's file s@002db.ibd, sbü's sb@1o.ibd and 表's @8868.ibd
  @ValueSource(strings = {"sb", "s-b", "sbü", "表"})
  void aTruncateOfTheOriginalStopsTheMigrationBeforeItsSwap(
      String table, TestDatabase db, MysqlInstance mysql) {
    Migrations.sysbenchTable(db, table, 3_000);
    // the job follows row changes only: without the watch the swapped table held the 3,000
    // truncated rows and the one inserted after
    MigrationListener inApply =
        Migrations.onceIn(
            MigrationPhase.APPLY,
            () ->
                db.execute(
                    "TRUNCATE TABLE `" + table + "`",
                    "INSERT INTO `" + table + "` (id, k, c, pad) VALUES (1, 1, 'a', 'b')"));

    stopsBeforeItsSwap(
        Migrations.withoutChecksum(options(db, mysql, table, ALTER)),
        inApply,
        CutoverHook.NONE,
        "was truncated or dropped during the migration");
    assertThat(hasTable(db, "_" + table + "_del")).as("no swap").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM `" + table + "`")).isEqualTo(1L);
  }

  @Test
  void anAlterOfTheOriginalJustBeforeTheCutOverStopsIt(TestDatabase db, MysqlInstance mysql) {
    Migrations.sysbenchTable(db, "sb", 2_000);
    // an instant ADD COLUMN changes no row: without the watch the swap dropped the column
    CutoverHook alterOnce =
        Migrations.beforeFirstCutover(
            () -> db.execute("ALTER TABLE sb ADD COLUMN extra INT DEFAULT 7"));

    stopsBeforeItsSwap(
        options(db, mysql, "sb", ALTER),
        MigrationListener.NONE,
        alterOnce,
        "columns changed during the migration");
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(hasColumn(db, "sb", "extra")).isTrue();
    assertThat(hasColumn(db, "sb", "x")).isFalse();
  }
}
