package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --defer-secondary-indexes}: the ghost table's plain secondary indexes are left out while
 * the rows are copied and built after the copy, online, while writers write and the binlog apply
 * goes on; the finished table is MySQL's own ALTER of the old rows, definition and rows. (The
 * scenario corpus runs at the default, auto, which defers on this server where no other session
 * writes as the copy starts: it has no replica.)
 */
@ExtendWith(MysqlExtension.class)
class DeferredIndexesIT {
  private static final int ROWS = 20_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 7";

  /** Messages for the operator, and the ghost table's indexes when the copy starts. */
  private static final class Seen implements MigrationListener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> ghostIndexesAtCopy = new CopyOnWriteArrayList<>();
    private final TestDatabase db;
    private final String ghost;

    Seen(TestDatabase db) {
      this(db, "t");
    }

    Seen(TestDatabase db, String table) {
      this.db = db;
      this.ghost = "_" + table + "_gho";
    }

    @Override
    public void phase(MigrationPhase phase) {
      if (phase == MigrationPhase.COPY) {
        for (List<Object> row :
            db.query(
                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                db.name(),
                ghost)) {
          ghostIndexesAtCopy.add(row.get(0).toString());
        }
      }
    }

    @Override
    public void message(String line) {
      messages.add(line);
    }
  }

  // ALTER of t with the indexes deferred in this mode, and what was seen
  private static Seen migrate(TestDatabase db, MysqlInstance mysql, DeferredIndexes.Mode mode)
      throws Exception {
    Seen seen = new Seen(db);
    new MigrationController(
            options(db, mysql, "t", ALTER).deferringIndexes(mode), seen, CutoverHook.NONE)
        .execute();
    return seen;
  }

  private static void secondTable(TestDatabase db, String table) {
    sysbenchTable(db, table, ROWS);
    db.execute(
        "ALTER TABLE `"
            + table
            + "` ADD KEY `c k` (c(10), k DESC) COMMENT 'two parts',"
            + " ADD UNIQUE KEY u_pad (pad, id), ADD KEY inv (pad) INVISIBLE");
  }

  @Test
  void indexesLeftOutOfTheCopyAreBuiltAfterItWhileWritersWrite(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    secondTable(db, "t");
    Seen seen = new Seen(db);
    TableRef t = new TableRef(db.name(), "t");
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 200, 53)) {
      new MigrationController(
              options(db, mysql, "t", ALTER).deferringIndexes(DeferredIndexes.Mode.ON),
              seen,
              beforeFirstCutover(workload::close))
          .execute();
      assertThat(workload.committed()).isPositive();
    }
    assertThat(seen.ghostIndexesAtCopy)
        .as("unique keys stay; the others wait for the copy to end")
        .containsExactlyInAnyOrder("PRIMARY", "u_pad");
    assertThat(seen.messages)
        .anyMatch(
            m ->
                m.equals(
                    "secondary indexes k_idx, c k, inv are built after the copy"
                        + " (--defer-secondary-indexes)"))
        .anyMatch(m -> m.startsWith("secondary indexes k_idx, c k, inv built in "));
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, ALTER, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
  }

  /**
   * An index named in letters a latin1 database cannot hold: the changelog, where the definitions
   * left out wait for their build, took the database's character set and refused them ("Incorrect
   * string value" in PREPARE).
   */
  @Test
  void indexesNamedOutsideLatin1AreLeftOutInALatin1Database(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "ALTER DATABASE `" + db.name() + "` DEFAULT CHARACTER SET latin1",
        "CREATE TABLE t (id INT PRIMARY KEY, `价格` INT, c VARCHAR(20), KEY `索引` (`价格`))"
            + " DEFAULT CHARSET=utf8mb4",
        "INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
    Seen seen = migrate(db, mysql, DeferredIndexes.Mode.ON);
    assertThat(seen.ghostIndexesAtCopy).containsExactly("PRIMARY");
    TableRef t = new TableRef(db.name(), "t");
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, ALTER, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
  }

  /**
   * auto keeps the indexes of a copy that others write beside (their build after it would be one
   * burst of writes the throttle cannot pace) and says why; it leaves them out of a copy that runs
   * alone, also beside a heartbeat of one row a second, which does not count as writing.
   */
  @Test
  void autoKeepsTheIndexesWhileOthersWriteAndDefersThemBesideAHeartbeat(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    sysbenchTable(db, "t2", ROWS);
    db.execute("CREATE TABLE hb (id INT PRIMARY KEY, ts DATETIME(6) NOT NULL)");
    db.execute("INSERT INTO hb VALUES (1, NOW(6))");
    Seen writing = new Seen(db);
    try (Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 100, 59)) {
      Migrations.await(() -> workload.committed() >= 20, "the writers to commit");
      new MigrationController(
              options(db, mysql, "t", ALTER), writing, beforeFirstCutover(workload::close))
          .execute();
    }
    assertThat(writing.ghostIndexesAtCopy).containsExactlyInAnyOrder("PRIMARY", "k_idx");
    assertThat(writing.messages)
        .anyMatch(
            m ->
                m.matches(
                    "secondary indexes k_idx are built while rows are copied: other sessions"
                        + " write \\(rows changed: \\d+ in the \\d+ ms since the migration lock was taken, \\d+ in"
                        + " the last 900 ms\\), and a build after the copy is a burst of writes"
                        + " the throttle cannot pace \\(--defer-secondary-indexes auto; on builds"
                        + " them after the copy anyway\\)"));
    TableRef t = new TableRef(db.name(), "t");
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, ALTER, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();

    Seen alone = new Seen(db, "t2");
    try (Heartbeat beat = new Heartbeat(db)) {
      Migrations.await(() -> beat.beats() >= 3, "three heartbeats");
      new MigrationController(options(db, mysql, "t2", ALTER), alone, CutoverHook.NONE).execute();
    }
    assertThat(alone.ghostIndexesAtCopy).containsExactly("PRIMARY");
    assertThat(alone.messages)
        .contains("secondary indexes k_idx are built after the copy (--defer-secondary-indexes)");
    TableRef t2 = new TableRef(db.name(), "t2");
    report = AlterOracle.run(address(mysql), t2, ALTER, 1000);
    assertThat(report.matches()).as(report.describe(t2)).isTrue();
  }

  /** One row updated a second after the last (pt-heartbeat's default rate), on its own session. */
  private static final class Heartbeat implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicLong beats =
        new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Exception> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final Thread thread;

    Heartbeat(TestDatabase db) {
      thread =
          new Thread(
              () -> {
                try (java.sql.Connection c = db.connect();
                    java.sql.Statement s = c.createStatement()) {
                  while (!Thread.currentThread().isInterrupted()) {
                    s.executeUpdate("UPDATE hb SET ts = NOW(6) WHERE id = 1");
                    beats.incrementAndGet();
                    Thread.sleep(1000);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Exception e) {
                  failure.set(e);
                }
              },
              "heartbeat");
      thread.setDaemon(true);
      thread.start();
    }

    long beats() {
      return beats.get();
    }

    @Override
    public void close() throws Exception {
      thread.interrupt();
      thread.join();
      if (failure.get() != null) {
        throw failure.get();
      }
    }
  }

  @Test
  void offBuildsThemWhileRowsAreCopied(TestDatabase db, MysqlInstance mysql) throws Exception {
    secondTable(db, "t");
    Seen seen = migrate(db, mysql, DeferredIndexes.Mode.OFF);
    assertThat(seen.ghostIndexesAtCopy)
        .containsExactlyInAnyOrder("PRIMARY", "c k", "inv", "k_idx", "u_pad");
    assertThat(seen.messages)
        .noneMatch(m -> m.endsWith("are built after the copy (--defer-secondary-indexes)"));
    TableRef t = new TableRef(db.name(), "t");
    assertThat(AlterOracle.run(address(mysql), t, ALTER, 1000).matches()).isTrue();
  }

  /**
   * A pause while the indexes are built ends the build (MySQL undoes it: the ghost table is left
   * without them) and the resumed migration builds them. The build is held at its start by a
   * transaction that read the ghost table (an online ALTER waits for it), so the pause comes while
   * it runs.
   */
  @Test
  void aPauseDuringTheBuildUndoesItAndTheResumeBuildsThem(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", ROWS);
    java.util.concurrent.atomic.AtomicReference<MigrationController> first =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<String> whileBuilding =
        new java.util.concurrent.atomic.AtomicReference<>("");
    try (java.sql.Connection reader = db.connect()) {
      reader.setAutoCommit(false);
      MigrationListener holdThenPause =
          Migrations.onceIn(
              MigrationPhase.APPLY,
              () -> {
                try (java.sql.Statement s = reader.createStatement()) {
                  s.executeQuery("SELECT COUNT(*) FROM _t_gho").close();
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
                Thread pauser =
                    new Thread(
                        () -> {
                          try {
                            Migrations.await(
                                () -> buildsRunning(db) > 0, "the build to wait for the reader");
                            whileBuilding.set(Migrations.cli(db, mysql, "status").out());
                          } catch (Exception e) {
                            whileBuilding.set(e.toString());
                          }
                          first.get().requestPause();
                        });
                pauser.setDaemon(true);
                pauser.start();
              });
      first.set(
          new MigrationController(options(db, mysql, "t", ALTER), holdThenPause, CutoverHook.NONE));
      assertThatThrownBy(first.get()::execute).isInstanceOf(MigrationPausedException.class);
      assertThat(buildsRunning(db)).as("the build was ended").isZero();
      reader.commit();
    }
    assertThat(whileBuilding.get()).containsPattern("index build: building k_idx since \\S+Z");
    assertThat(Migrations.cli(db, mysql, "status").out())
        .contains("index build: stopped (undone by MySQL): k_idx are built again on resume");
    assertThat(
            db.query(
                "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                    + " AND TABLE_NAME = '_t_gho' AND INDEX_NAME = 'k_idx'",
                db.name()))
        .as("MySQL undid the build")
        .isEmpty();

    Seen resumed = new Seen(db);
    new MigrationController(options(db, mysql, "t", ALTER), resumed, CutoverHook.NONE).resume();
    assertThat(resumed.messages).anyMatch(m -> m.startsWith("secondary indexes k_idx built in "));
    TableRef t = new TableRef(db.name(), "t");
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, ALTER, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
  }

  // sessions running the build of the ghost table's indexes
  private static int buildsRunning(TestDatabase db) {
    return db.query(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'ALTER TABLE%_t_gho%ADD"
                + " KEY%'")
        .size();
  }

  /**
   * auto keeps the indexes where the server has a replica (a second server replicating it), which
   * would run the build as one statement; on builds them after the copy there too, and the replica
   * gets the same table.
   */
  @Test
  void autoKeepsTheIndexesOfAServerWithReplicasAndOnDefersThemThere() throws Exception {
    try (MysqlServer primary = MysqlServer.start(MysqlServerSpec.named("defer-primary"));
        MysqlServer replica =
            MysqlServer.startReplicaOf(primary, MysqlServerSpec.named("defer-replica"))) {
      TestDatabase db = TestDatabase.create(primary, "deferred_indexes");
      sysbenchTable(db, "t", ROWS);
      sysbenchTable(db, "t2", ROWS);
      Seen auto = new Seen(db);
      new MigrationController(options(db, primary, "t", ALTER), auto, CutoverHook.NONE).execute();
      assertThat(auto.ghostIndexesAtCopy).containsExactlyInAnyOrder("PRIMARY", "k_idx");
      assertThat(auto.messages)
          .noneMatch(m -> m.endsWith("are built after the copy (--defer-secondary-indexes)"));

      Seen on = new Seen(db, "t2");
      new MigrationController(
              options(db, primary, "t2", ALTER).deferringIndexes(DeferredIndexes.Mode.ON),
              on,
              CutoverHook.NONE)
          .execute();
      assertThat(on.ghostIndexesAtCopy).containsExactly("PRIMARY");
      TestDatabase onReplica = new TestDatabase(replica, "deferred_indexes");
      Object want = db.query("SHOW CREATE TABLE t2").get(0).get(1);
      Migrations.await(
          () -> {
            try {
              return want.equals(onReplica.query("SHOW CREATE TABLE t2").get(0).get(1));
            } catch (IllegalStateException notYet) {
              return false;
            }
          },
          "the replica to have the same table");
    }
  }

  @Test
  void onSaysWhyATableKeepsItsIndexes(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", ROWS);
    db.execute("ALTER TABLE t ADD FULLTEXT KEY ft (c)");
    Seen seen = migrate(db, mysql, DeferredIndexes.Mode.ON);
    assertThat(seen.messages)
        .contains("secondary indexes are built while rows are copied: it has a FULLTEXT index");
    assertThat(seen.ghostIndexesAtCopy).contains("k_idx", "ft");
    TableRef t = new TableRef(db.name(), "t");
    assertThat(AlterOracle.run(address(mysql), t, ALTER, 1000).matches()).isTrue();
  }
}
