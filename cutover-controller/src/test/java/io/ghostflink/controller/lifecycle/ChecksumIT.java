package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checksum before the swap (docs/cut-over.md): every row of the ghost table against the
 * original at one point of the binlog. A ghost table that went wrong behind the job's back is
 * found; what a re-copy repairs is swapped, what it cannot stops the migration before its swap.
 */
@ExtendWith(MysqlExtension.class)
class ChecksumIT {
  private static final String ALTER = "MODIFY c VARCHAR(200) NOT NULL, ADD COLUMN x INT";

  /** The listener's messages, and an action run once on entering the checksum. */
  private static final class Watch implements MigrationListener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final Runnable beforeChecksum;
    private boolean ran;

    Watch(Runnable beforeChecksum) {
      this.beforeChecksum = beforeChecksum;
    }

    @Override
    public void phase(MigrationPhase phase) {
      if (phase == MigrationPhase.CHECKSUM && !ran) {
        ran = true;
        beforeChecksum.run();
      }
    }

    @Override
    public void message(String line) {
      messages.add(line);
    }

    String checksumLine() {
      return messages.stream().filter(m -> m.startsWith("checksum: ")).findFirst().orElse("");
    }
  }

  @Test
  void underWritesEveryRowIsComparedAndNothingNeedsCopyingAgain(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    String checksumLine;
    String messages;
    Migrations.sysbenchTable(db, "sb", 30_000);
    try (Workload writes = Workload.start(db, "sb", 60_000, 2, 200, 7L)) {
      // the writers run through the copy, the apply and the checksum; they stop at the cut-over,
      // so that the swapped table can be compared with the old one
      Watch watch = new Watch(() -> {});
      MigrationListener stopAtCutover =
          new MigrationListener() {
            @Override
            public void phase(MigrationPhase phase) {
              if (phase == MigrationPhase.CUTOVER) {
                writes.close();
              }
            }

            @Override
            public void message(String line) {
              watch.message(line);
            }
          };
      new MigrationController(options(db, mysql, "sb", ALTER), stopAtCutover, CutoverHook.NONE)
          .execute();
      assertThat(writes.committed()).as("the workload ran").isPositive();
      checksumLine = watch.checksumLine();
      messages = String.join("\n", watch.messages);
    }

    assertThat(checksumLine)
        .as(messages)
        .matches("checksum: [\\d,]+ rows equal in \\d+ ranges? .*")
        .doesNotContain("copied again")
        .contains("not compared: x (new column)");
    Migrations.assertSameRows(db, "sb", Map.of("id", "id", "k", "k", "c", "c", "pad", "pad"));
  }

  @Test
  void rowsChangedBehindTheJobsBackAreCopiedAgainBeforeTheSwap(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    Migrations.sysbenchTable(db, "sb", 5_000);
    Watch watch =
        new Watch(
            () ->
                db.execute(
                    "UPDATE _sb_gho SET c = 'wrong' WHERE id = 200",
                    "DELETE FROM _sb_gho WHERE id = 4000",
                    "INSERT INTO _sb_gho (id, k, c, pad) VALUES (3, 0, 'extra', 'extra')",
                    "INSERT INTO _sb_gho (id, k, c, pad) VALUES (99999, 0, 'extra', 'extra')"));

    new MigrationController(options(db, mysql, "sb", ALTER), watch, CutoverHook.NONE).execute();

    assertThat(watch.checksumLine())
        .as(String.join("\n", watch.messages))
        .contains("5,000 rows equal")
        .containsPattern("; [1-9]\\d* ranges? differed and (was|were) copied again");
    Migrations.assertSameRows(db, "sb", Map.of("id", "id", "k", "k", "c", "c", "pad", "pad"));
    assertThat(db.scalar("SELECT COUNT(*) FROM sb")).isEqualTo(5_000L);
  }

  @Test
  void aRowThatStillDiffersAfterTheRecopyStopsTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    Migrations.sysbenchTable(db, "sb", 5_000);
    // a trigger on the ghost table spoils row 200 every time it is written, the re-copy too
    Watch watch =
        new Watch(
            () ->
                db.execute(
                    "CREATE TRIGGER spoil BEFORE INSERT ON _sb_gho FOR EACH ROW"
                        + " SET NEW.c = IF(NEW.id = 200, 'wrong', NEW.c)",
                    "UPDATE _sb_gho SET c = 'wrong' WHERE id = 200"));
    String before =
        (String) db.scalar("SELECT GROUP_CONCAT(MD5(CONCAT_WS('#', id, k, c, pad))) FROM sb");

    assertThatThrownBy(
            () ->
                new MigrationController(options(db, mysql, "sb", ALTER), watch, CutoverHook.NONE)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("checksum: 1 rows of")
        .hasMessageContaining("even after copying them again")
        .hasMessageContaining("id=200: c is 'wrong' where the original has")
        .hasMessageContaining("nothing was swapped");
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(db.scalar("SELECT GROUP_CONCAT(MD5(CONCAT_WS('#', id, k, c, pad))) FROM sb"))
        .as("the original is untouched")
        .isEqualTo(before);
  }

  /**
   * A row the re-copy would have to change to copy (text MySQL's ALTER refuses as a number) stops
   * the migration: its {@code INSERT IGNORE} stored 0, and the comparison after it, reading both
   * sides through the same cast, found 0 equal to 'abc'.
   */
  @Test
  void aRecopyOfAValueMysqlsAlterRefusesStopsTheMigrationBeforeItsSwap(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE nums (id INT PRIMARY KEY, n VARCHAR(10))",
        "SET SESSION cte_max_recursion_depth = 10000",
        "INSERT INTO nums WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq"
            + " WHERE i < 5000) SELECT i, CONCAT(i) FROM seq");
    // changed where the binlog does not show it: only the checksum can see it
    Watch watch =
        new Watch(
            () ->
                db.execute(
                    "SET SESSION sql_log_bin = 0", "UPDATE nums SET n = 'abc' WHERE id = 200"));

    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(db, mysql, "nums", "MODIFY n INT"), watch, CutoverHook.NONE)
                    .execute())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("copying them again was refused: Incorrect integer value: 'abc'")
        .hasMessageContaining("nothing was swapped");
    assertThat(hasTable(db, "_nums_del")).as("no swap").isFalse();
    assertThat(db.scalar("SELECT n FROM nums WHERE id = 200")).isEqualTo("abc");
  }

  @Test
  void aTransactionThatOutlastsEveryAttemptToHoldTheWritersFailsTheMigrationIntact(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    Migrations.sysbenchTable(db, "sb", 1_000);
    try (java.sql.Connection longTx = db.connect();
        java.sql.Statement s = longTx.createStatement()) {
      longTx.setAutoCommit(false);
      MigrationListener openInApply =
          Migrations.onceIn(
              MigrationPhase.APPLY,
              () -> {
                try {
                  s.executeUpdate("UPDATE sb SET c = 'never committed' WHERE id = 2");
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      MigrationController controller =
          new MigrationController(
              Migrations.withAttempts(
                  options(db, mysql, "sb", ALTER), 2, java.time.Duration.ofSeconds(1)),
              openInApply,
              CutoverHook.NONE);

      assertThatThrownBy(controller::execute)
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("checksum gave up after 2 attempts")
          // the last attempt, the transaction open over a second by then, names it
          .hasMessageContaining(
              "the read lock on "
                  + db.name()
                  + ".sb was not asked for: the metadata lock of "
                  + db.name()
                  + ".sb was held by connection ")
          .hasMessageContaining("is intact");
      longTx.rollback();
    }
    assertThat(hasTable(db, "_sb_del")).as("no swap").isFalse();
    assertThat(db.scalar("SELECT COUNT(*) FROM sb")).isEqualTo(1_000L);
  }

  @Test
  void theComparisonWaitsWhileTheMigrationIsThrottled(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    Migrations.sysbenchTable(db, "sb", 5_000);
    java.nio.file.Path flag = Migrations.stateDir(db).resolveSibling(db.name() + ".throttle");
    java.nio.file.Files.deleteIfExists(flag);
    List<String> messages = new CopyOnWriteArrayList<>();
    MigrationListener throttleTheChecksum =
        new MigrationListener() {
          @Override
          public void phase(MigrationPhase phase) {
            if (phase == MigrationPhase.CHECKSUM) {
              try {
                java.nio.file.Files.createFile(flag);
                // past the throttler's cached decision, so the comparison's first look sees it
                Thread.sleep(
                    io.ghostflink.controller.throttle.Throttler.CHECK_EVERY.toMillis() + 100);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
          }

          @Override
          public void message(String line) {
            messages.add(line);
            if (line.startsWith("checksum held back: ")) {
              try {
                java.nio.file.Files.delete(flag);
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            }
          }
        };

    new MigrationController(
            Migrations.withThrottle(
                options(db, mysql, "sb", ALTER), ThrottleIT.throttle(null, null, flag, null)),
            throttleTheChecksum,
            CutoverHook.NONE)
        .execute();

    List<String> checksum = messages.stream().filter(m -> m.startsWith("checksum")).toList();
    assertThat(checksum).as(String.join("\n", messages)).hasSize(2);
    assertThat(checksum.get(0)).startsWith("checksum held back: ").contains(flag.toString());
    assertThat(checksum.get(1))
        .startsWith("checksum: 5,000 rows equal")
        .as("the line says how long the comparison held back")
        .containsPattern("\\(held back \\d+\\.\\d s; writers held \\d+ ms\\)");
    Migrations.assertSameRows(db, "sb", Map.of("id", "id", "k", "k", "c", "c", "pad", "pad"));
  }
}
