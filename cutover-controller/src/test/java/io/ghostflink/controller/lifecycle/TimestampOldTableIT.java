package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static io.ghostflink.controller.lifecycle.Migrations.await;
import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * gh-ost's {@code --timestamp-old-table}: after the swap the old table is {@code
 * _t_<yyyyMMddHHmmss>_del}, the run's start in UTC, so that the next migration of the table keeps
 * its own old table beside it instead of being refused for the {@code _t_del} the last one left
 * (docs/operations.md). The rename comes after the run is forgotten, so a controller killed after
 * the swap leaves {@code _t_del}, which the resume recognises and then renames.
 */
@ExtendWith(MysqlExtension.class)
class TimestampOldTableIT {
  private static final int ROWS = 5_000;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  @Test
  void migrationsInARowKeepEachTheirOldTableUnderTheTimeTheyStarted(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    TableRef t = new TableRef(db.name(), "t");

    String first = STAMP.format(Instant.now());
    List<String> messages = migrate(db, mysql, "ADD COLUMN x INT", true);
    List<String> old = oldTables(db);
    assertThat(old).hasSize(1);
    String firstOld = old.get(0);
    assertThat(firstOld.substring(3, 17))
        .as("the run's start")
        .isBetween(first, STAMP.format(Instant.now()));
    assertThat(hasTable(db, "_t_del")).isFalse();
    assertThat(messages)
        .contains("the old table " + t.magic() + " is kept as " + firstOld)
        .noneMatch(m -> m.contains("not renamed"));
    assertAsMysqlWould(mysql, t, firstOld, "ADD COLUMN x INT");
    assertThat(Files.readString(Migrations.stateDir(db).resolve("swapped-old-table")).strip())
        .as("recorded for verify")
        .isEqualTo(firstOld);

    // without the stamp this one would be refused: "_t_del exists, --initially-drop-old-table"
    String firstStamp = firstOld.substring(3, 17);
    await(() -> STAMP.format(Instant.now()).compareTo(firstStamp) > 0, "a second stamp");
    migrate(db, mysql, "ADD COLUMN y INT", true);
    assertThat(oldTables(db)).hasSize(2).contains(firstOld);
    String secondOld = oldTables(db).get(1);
    assertThat(secondOld).isGreaterThan(firstOld);
    assertThat(db.query("SHOW COLUMNS FROM " + secondOld).stream().map(r -> r.get(0)))
        .as("the first migration's result is the second one's old table")
        .contains("x")
        .doesNotContain("y");
    assertAsMysqlWould(mysql, t, secondOld, "ADD COLUMN y INT");
    assertThat(hasTable(db, "_t_del")).isFalse();

    // without the flag, the old table keeps gh-ost's default name
    migrate(db, mysql, "ADD COLUMN z INT", false);
    assertThat(hasTable(db, "_t_del")).isTrue();
    assertThat(oldTables(db)).containsExactly(firstOld, secondOld);
    assertThat(Migrations.stateDir(db).resolve("swapped-old-table")).doesNotExist();
  }

  /**
   * The controller killed right after its RENAME, before the cleanup: the resume recognises the
   * swap by {@code _t_del}, cleans up and gives the old table its stamped name.
   */
  @Test
  void aSwapWhoseControllerWasKilledIsStampedByItsResume(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    TableRef t = new TableRef(db.name(), "t");
    String alter = "ADD COLUMN x INT";
    Path state = Migrations.freshStateDir(db);
    Process child =
        ParkedMigration.start(
            db, mysql, alter, state, 7700, CutoverStep.VERIFY_SWAPPED.name(), CopyMode.SERVER);
    try {
      ParkedMigration.awaitFile(child, state.resolve(ParkedMigration.AT_CUTOVER));
      Files.writeString(state.resolve(ParkedMigration.GO), "go\n");
      ParkedMigration.awaitFile(child, state.resolve(ParkedMigration.PARKED));
      await(() -> !hasTable(db, "_t_gho"), "the swap");
    } finally {
      child.destroyForcibly().waitFor();
    }
    assertThat(hasTable(db, "_t_del")).as("killed before the cleanup").isTrue();

    List<String> messages = new CopyOnWriteArrayList<>();
    String resumed = STAMP.format(Instant.now());
    new MigrationController(
            options(db, mysql, "t", alter).timestampingOldTable(true),
            telling(messages),
            io.ghostflink.controller.cutover.CutoverHook.NONE)
        .resume();

    List<String> old = oldTables(db);
    assertThat(old).hasSize(1);
    assertThat(old.get(0).substring(3, 17)).isGreaterThanOrEqualTo(resumed);
    assertThat(hasTable(db, "_t_del")).isFalse();
    assertThat(db.tables()).containsExactlyInAnyOrder("t", old.get(0));
    assertThat(messages)
        .anyMatch(m -> m.startsWith("the swap of " + t + " had completed before"))
        .contains("the old table " + t.magic() + " is kept as " + old.get(0));
    assertAsMysqlWould(mysql, t, old.get(0), alter);
  }

  private static List<String> migrate(
      TestDatabase db, MysqlInstance mysql, String alter, boolean stamp) throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    try (Workload writers = Workload.start(db, "t", 2L * ROWS, 2, 100, 41)) {
      new MigrationController(
              options(db, mysql, "t", alter).timestampingOldTable(stamp),
              telling(messages),
              Migrations.beforeFirstCutover(writers::close))
          .execute();
      assertThat(writers.committed()).as("writes during the migration").isGreaterThan(20);
    }
    return messages;
  }

  /** The stamped old tables of {@code t}, oldest first. */
  private static List<String> oldTables(TestDatabase db) {
    return db.tables().stream()
        .map(String::valueOf)
        .filter(n -> n.matches("_t_[0-9]{14}_del"))
        .sorted()
        .toList();
  }

  private static MigrationListener telling(List<String> messages) {
    return new MigrationListener() {
      @Override
      public void message(String line) {
        messages.add(line);
      }
    };
  }

  private static void assertAsMysqlWould(MysqlInstance mysql, TableRef t, String old, String alter)
      throws Exception {
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, t.sibling(old), alter, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
    assertThat(report.describe(t)).contains("MySQL's own ALTER of " + t.sibling(old));
  }
}
