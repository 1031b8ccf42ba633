package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withAttempts;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --attempt-instant-ddl} (docs/operations.md): an ALTER MySQL can do with {@code
 * ALGORITHM=INSTANT} is done so on the table itself, beside its writers; where MySQL will not, the
 * rows are copied as without the flag. InnoDB's table id and row-version count tell the two apart:
 * an INSTANT ALTER keeps the table (same id, one row version more), a copy swaps in a new one.
 */
@ExtendWith(MysqlExtension.class)
class InstantDdlIT {
  private static final String INSTANT = "ADD COLUMN x INT NOT NULL DEFAULT 7";

  /** The migration's messages; {@code onMessage} sees each as it comes. */
  private static final class Messages implements MigrationListener {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Consumer<String> onMessage;

    Messages(Consumer<String> onMessage) {
      this.onMessage = onMessage;
    }

    @Override
    public void message(String line) {
      lines.add(line);
      onMessage.accept(line);
    }
  }

  private static long tableId(TestDatabase db, String table) {
    return ((Number) innodb(db, table, "TABLE_ID")).longValue();
  }

  private static long rowVersions(TestDatabase db, String table) {
    return ((Number) innodb(db, table, "TOTAL_ROW_VERSIONS")).longValue();
  }

  private static Object innodb(TestDatabase db, String table, String column) {
    return db.scalar(
        "SELECT " + column + " FROM information_schema.INNODB_TABLES WHERE NAME = ?",
        db.name() + "/" + table);
  }

  @Test
  void anInstantAlterChangesTheTableItselfBesideItsWriters(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 3000);
    long id = tableId(db, "t");
    long versions = rowVersions(db, "t");
    Messages messages = new Messages(line -> {});
    MigrationSummary summary;
    long before;
    try (Workload writers = Workload.start(db, "t", 6000, 4, 200, 11)) {
      Migrations.await(() -> writers.committed() > 20, "writers");
      summary =
          new MigrationController(
                  options(db, mysql, "t", INSTANT).attemptingInstantDdl(true),
                  messages,
                  CutoverHook.NONE)
              .execute();
      before = writers.committed();
      Migrations.await(() -> writers.committed() > before + 20, "writers after the ALTER");
    }

    assertThat(summary.algorithm()).as(summary.describe()).isEqualTo("INSTANT");
    assertThat(summary.describe()).contains("ALGORITHM=INSTANT").contains("attempt 1");
    assertThat(messages.lines).anyMatch(l -> l.contains("with ALGORITHM=INSTANT in"));
    assertThat(tableId(db, "t")).as("the same table, not a copy").isEqualTo(id);
    assertThat(rowVersions(db, "t")).isEqualTo(versions + 1);
    assertThat(db.tables()).as("no ghost, changelog or old table").containsExactly("t");
    assertThat(db.scalar("SELECT COUNT(*) FROM t WHERE x <> 7")).isEqualTo(0L);
    assertThat((Long) db.scalar("SELECT COUNT(*) FROM t")).isGreaterThan(2000L);
  }

  @Test
  void aDroppedIndexIsDroppedInPlaceBesideItsWriters(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 3000);
    long id = tableId(db, "t");
    Messages messages = new Messages(line -> {});
    MigrationSummary summary;
    try (Workload writers = Workload.start(db, "t", 6000, 4, 200, 12)) {
      Migrations.await(() -> writers.committed() > 20, "writers");
      summary =
          new MigrationController(
                  options(db, mysql, "t", "DROP INDEX k_idx").attemptingInstantDdl(true),
                  messages,
                  CutoverHook.NONE)
              .execute();
    }

    // MySQL 8.0.31 refuses INSTANT for it; INPLACE only removes the index
    assertThat(summary.algorithm()).as(summary.describe()).isEqualTo("INPLACE");
    assertThat(messages.lines).anyMatch(l -> l.contains("with ALGORITHM=INPLACE in"));
    assertThat(tableId(db, "t")).as("the same table, not a copy").isEqualTo(id);
    assertThat(db.query("SHOW INDEX FROM t WHERE Key_name = 'k_idx'")).isEmpty();
    assertThat(db.tables()).containsExactly("t");
  }

  @Test
  void anAlterMysqlMustRebuildIsCopied(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", 3000);
    long id = tableId(db, "t");
    Messages messages = new Messages(line -> {});

    MigrationSummary summary =
        new MigrationController(
                options(db, mysql, "t", "MODIFY c VARCHAR(200) NOT NULL DEFAULT ''")
                    .attemptingInstantDdl(true),
                messages,
                CutoverHook.NONE)
            .execute();

    assertThat(summary.doneInPlace()).isFalse();
    assertThat(summary.rowsCopied()).isEqualTo(3000);
    assertThat(messages.lines)
        .contains(
            "--attempt-instant-ddl: MySQL cannot do this ALTER INSTANT, and it changes more than"
                + " indexes' metadata; copying the rows instead");
    assertThat(tableId(db, "t")).as("a new table swapped in").isNotEqualTo(id);
  }

  @Test
  void aTransactionThatHoldsTheTableMakesItCopyInstead(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 3000);
    long id = tableId(db, "t");
    try (Connection holder = db.connect();
        Statement s = holder.createStatement()) {
      holder.setAutoCommit(false);
      long holderId;
      try (java.sql.ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        holderId = rs.getLong(1);
      }
      s.executeQuery("SELECT COUNT(*) FROM t WHERE id < 10").close(); // its metadata lock stays
      Thread.sleep(2_000); // open longer than any of the application's writes
      Messages messages =
          new Messages(
              line -> {
                if (line.endsWith("copying the rows instead")) {
                  try {
                    holder.commit(); // the copy's own cut-over then takes the lock
                  } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                  }
                }
              });

      MigrationSummary summary =
          new MigrationController(
                  withAttempts(options(db, mysql, "t", INSTANT), 2, Duration.ofSeconds(1))
                      .attemptingInstantDdl(true),
                  messages,
                  CutoverHook.NONE)
              .execute();

      assertThat(summary.doneInPlace()).isFalse();
      // the ALTER is not asked for behind the transaction: the writers would queue behind it
      String heldBy =
          "the metadata lock of " + db.name() + ".t was held by connection " + holderId + " (open ";
      assertThat(messages.lines)
          .anySatisfy(
              m ->
                  assertThat(m)
                      .startsWith("INSTANT attempt 1: " + heldBy)
                      .endsWith(
                          " s waited (--cut-over-lock-timeout): not asked for behind it, so no"
                              + " writer queued; trying again"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .startsWith("--attempt-instant-ddl: " + heldBy)
                      .endsWith(
                          ", in 2 attempts (--max-cut-over-attempts); copying the rows instead"));
    }
    assertThat(tableId(db, "t")).isNotEqualTo(id);
    assertThat(db.scalar("SELECT COUNT(*) FROM t WHERE x = 7")).isEqualTo(3000L);
  }

  @Test
  void aTableWhoseRowVersionsAreUsedUpIsCopied(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 3000);
    // MySQL 8.0.29+ counts each INSTANT ADD or DROP COLUMN; at 64 it refuses INSTANT on the table
    // (Spirit #241), while the scratch copy preflight tries the ALTER on starts at 0
    for (int i = 0; i < 32; i++) {
      db.execute(
          "ALTER TABLE t ADD COLUMN v" + i + " INT, ALGORITHM=INSTANT",
          "ALTER TABLE t DROP COLUMN v" + i + ", ALGORITHM=INSTANT");
    }
    assertThat(rowVersions(db, "t")).isEqualTo(64);
    Messages messages = new Messages(line -> {});

    MigrationSummary summary =
        new MigrationController(
                options(db, mysql, "t", INSTANT).attemptingInstantDdl(true),
                messages,
                CutoverHook.NONE)
            .execute();

    assertThat(summary.doneInPlace()).isFalse();
    assertThat(messages.lines)
        .anyMatch(
            l ->
                l.startsWith("--attempt-instant-ddl: MySQL refused it on " + db.name() + ".t:")
                    && l.contains("Maximum row versions reached")
                    && l.endsWith("; copying the rows instead"));
    assertThat(rowVersions(db, "t")).as("the copy starts the count again").isLessThan(64);
    assertThat(db.scalar("SELECT COUNT(*) FROM t WHERE x = 7")).isEqualTo(3000L);
  }

  @Test
  void aPostponedCutOverIsNotTakenByAnInstantAlter(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 3000);
    Path flag = Files.createTempFile("postpone", ".flag");
    Messages messages =
        new Messages(
            line -> {
              if (line.startsWith("cut-over postponed while")) {
                try {
                  Files.delete(flag);
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                }
              }
            });

    MigrationSummary summary =
        new MigrationController(
                Migrations.postponed(db, mysql, "t", INSTANT, flag).attemptingInstantDdl(true),
                messages,
                CutoverHook.NONE)
            .execute();

    assertThat(summary.doneInPlace()).isFalse();
    assertThat(messages.lines)
        .anyMatch(l -> l.startsWith("--attempt-instant-ddl: not tried while " + flag + " exists"))
        .anyMatch(l -> l.startsWith("cut-over postponed while"));
    assertThat(db.scalar("SELECT COUNT(*) FROM t WHERE x = 7")).isEqualTo(3000L);
  }
}
