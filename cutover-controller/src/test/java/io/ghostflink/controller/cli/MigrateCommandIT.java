package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.lock.MigrationLock;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The migrate command as an operator runs it: dry run, bad inputs, and a real migration. */
@ExtendWith(MysqlExtension.class)
class MigrateCommandIT {
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));

  private TestDatabase db;
  private MysqlInstance mysql;
  private Path passwordFile;

  record Run(int exitCode, String out, String err) {
    List<String> errorLines() {
      List<String> lines = new ArrayList<>();
      err.lines().filter(l -> l.startsWith("ghostflink: error:")).forEach(lines::add);
      return lines;
    }
  }

  @BeforeEach
  void table(TestDatabase db, MysqlInstance mysql) throws Exception {
    this.db = db;
    this.mysql = mysql;
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL, c VARCHAR(50), KEY k_idx"
            + " (k))",
        "INSERT INTO t VALUES (1, 10, 'a'), (2, 20, NULL), (3, 20, 'c')",
        "CREATE TABLE nokey (a INT, b INT)");
    passwordFile = Files.createTempFile(WORK, "password", "");
    Files.writeString(passwordFile, mysql.password() + "\n");
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ghostflink.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private Run migrate(String table, String alter, String... extra) {
    return migrateAs(mysql.user(), table, alter, extra);
  }

  private Run migrateAs(String user, String table, String alter, String... extra) {
    List<String> args = migrateOn(user);
    args.addAll(
        List.of(
            "--database",
            db.name(),
            "--table",
            table,
            "--alter",
            alter,
            "--chunk-size",
            "100",
            "--checkpoint-interval",
            "500ms"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  // migrate with the connection and state flags, as user, without a table
  private List<String> migrateOn(String user) {
    return new ArrayList<>(
        List.of(
            "migrate",
            "--host",
            mysql.host(),
            "--port",
            Integer.toString(mysql.port()),
            "--user",
            user,
            "--password-file",
            passwordFile.toString(),
            "--state-dir",
            WORK.resolve("state").resolve(db.name()).toString()));
  }

  private List<Object> tables() {
    return db.tables();
  }

  private void assertRefused(Run run, int exitCode, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.errorLines()).as(run.err()).hasSize(1);
    assertThat(run.errorLines().get(0)).contains(message);
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(tables()).containsExactly("nokey", "t");
    assertThat(db.query("SELECT id, k, c FROM t ORDER BY id")).hasSize(3);
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() {
    Run run = migrate("t", "CHANGE c c2 VARCHAR(80), ADD COLUMN x INT DEFAULT 5");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("column mapping (ghost <- original):")
        .contains("c2 <- c")
        .contains("new columns (defaults): [x]")
        .contains("INSTANT possible: no")
        // the test server's default zone, which MySQL's own ALTER converts in
        .contains("conversions and time defaults in time_zone: SYSTEM")
        .contains("CREATE TABLE `_t_gho`")
        .contains("Dry run: nothing was changed");
    assertThat(tables()).containsExactly("nokey", "t");
  }

  @Test
  void dryRunSaysWhenMysqlCouldDoItInstant() {
    Run run = migrate("t", "ADD COLUMN x INT");

    assertThat(run.out())
        .contains("INSTANT possible: yes")
        .contains("--attempt-instant-ddl runs it so");
  }

  @Test
  void aWholeAlterStatementNamesTheTableAsGhostTakesIt() throws Exception {
    assertRefused(
        migrate("nokey", "ALTER TABLE t ADD COLUMN y INT"),
        2,
        "--alter alters table t but --table says nokey; name the table once");
    List<String> noDatabase = migrateOn(mysql.user());
    noDatabase.addAll(List.of("--alter", "ALTER TABLE t ADD COLUMN y INT"));
    assertRefused(
        run(noDatabase.toArray(String[]::new)),
        2,
        "--database is missing: give the table's database");

    List<String> whole = migrateOn(mysql.user());
    whole.addAll(
        List.of("--alter", "ALTER TABLE `" + db.name() + "`.t ADD COLUMN y INT", "--execute"));
    Run run = run(whole.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Migrated " + db.name() + ".t: rows copied: 3");
    assertThat(
            db.scalar(
                "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND"
                    + " TABLE_NAME = 't' AND COLUMN_NAME = 'y'",
                db.name()))
        .isEqualTo(1L);
    Run verified = operator("verify", "t", "--alter", "ALTER TABLE t ADD COLUMN y INT");
    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("equal");
  }

  @Test
  void badInputGetsOneLineAndChangesNothing() throws Exception {
    assertRefused(migrate("missing", "ADD COLUMN x INT"), 2, "does not exist");
    assertRefused(migrate("nokey", "ADD COLUMN x INT"), 2, "no primary key");
    assertRefused(migrate("t", "ADD COLUMN nope nope"), 2, "MySQL refuses the ALTER");
    // MySQL's words, with the table's name where they named the scratch copy (_t_gst_chk_1)
    assertRefused(
        migrate("t", "ADD CHECK (k + RAND() > 0)"),
        2,
        "MySQL refuses the ALTER (tried on an empty copy of "
            + db.name()
            + ".t): An expression of a check constraint 't_chk_1' contains disallowed function");
    assertRefused(migrate("t", "RENAME TO t2"), 2, "renames the table");
    assertRefused(
        migrate("t", "ALTER TABLE `t ADD COLUMN x INT"),
        2,
        "cannot read the table name after ALTER TABLE in --alter");
    assertRefused(migrate("t", "DROP PRIMARY KEY"), 2, "the new table has no primary key");
    assertRefused(migrate("t", "ADD UNIQUE KEY uk (k)"), 2, "duplicates (uk [k]: (20) x2)");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--parallelism", "0"), 2, "--parallelism must be");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--quiet-parallelism", "0"),
        2,
        "--quiet-parallelism must be between 1 and 64");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--cut-over-lock-timeout", "soon"), 2, "not a duration");
    assertRefused(migrate("t", "ADD COLUMN x INT", "--no-such-flag"), 2, "Unknown option");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--copy", "fast"), 2, "--copy must be server or stream");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--max-load", "Threads_running"),
        2,
        "--max-load must be status=number pairs separated by commas");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--throttle-http", "app:8080/health"),
        2,
        "--throttle-http must be an http:// or https:// URL with a host");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--chunk-time", "5ms"),
        2,
        "--chunk-time must be 0 (fixed --chunk-size chunks) or between 10ms and 60s");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--quiet-chunk-time", "2m"),
        2,
        "--quiet-chunk-time must be 0 (--chunk-time also while nobody else writes) or between"
            + " 10ms and 60s");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--max-lag-millis", "10"),
        2,
        "--max-lag-millis must be at least 100");
    assertRefused(
        migrate("t", "ADD COLUMN x INT", "--max-checkpoint-age-ratio", "1.5"),
        2,
        "--max-checkpoint-age-ratio must be a fraction of the redo log from 0 to under 1");
    assertRefused(
        run(
            "migrate",
            "--port",
            Integer.toString(mysql.port()),
            "--user",
            mysql.user(),
            "--password-file",
            WORK.resolve("none").toString(),
            "--database",
            db.name(),
            "--table",
            "t",
            "--alter",
            "ADD COLUMN x INT"),
        2,
        "cannot read --password-file");
    assertRefused(
        run(
            "migrate",
            "--host",
            "127.0.0.1",
            "--port",
            "1",
            "--user",
            "u",
            "--database",
            "d",
            "--table",
            "t",
            "--alter",
            "ADD COLUMN x INT"),
        2,
        "cannot connect to MySQL");
  }

  @Test
  void userWithoutPrivilegesIsToldWhichAreMissing() throws Exception {
    String user = "lim" + Math.abs(db.name().hashCode() % 100000);
    db.execute(
        "DROP USER IF EXISTS '" + user + "'@'%'",
        "CREATE USER '" + user + "'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'",
        "GRANT SELECT ON `" + db.name() + "`.* TO '" + user + "'@'%'");
    try {
      Files.writeString(passwordFile, "pw\n");
      assertRefused(
          migrateAs(user, "t", "ADD COLUMN x INT"),
          2,
          "lacks privileges [INSERT ON " + db.name() + ".*");
    } finally {
      db.execute("DROP USER '" + user + "'@'%'");
    }
  }

  @Test
  void wrongBinlogSettingsAreRefused() {
    db.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
    try {
      assertRefused(migrate("t", "ADD COLUMN x INT"), 2, "binlog_row_image is MINIMAL");
    } finally {
      db.execute("SET GLOBAL binlog_row_image = 'FULL'");
    }
    db.execute("SET GLOBAL binlog_transaction_compression = ON");
    try {
      assertRefused(migrate("t", "ADD COLUMN x INT"), 2, "binlog_transaction_compression is ON");
    } finally {
      db.execute("SET GLOBAL binlog_transaction_compression = OFF");
    }
    db.execute("SET GLOBAL binlog_row_value_options = 'PARTIAL_JSON'");
    try {
      assertRefused(
          migrate("t", "ADD COLUMN x INT"), 2, "binlog_row_value_options is PARTIAL_JSON");
    } finally {
      db.execute("SET GLOBAL binlog_row_value_options = ''");
    }
  }

  @Test
  void secondMigrationOfTheSameTableIsRefused() throws Exception {
    ServerAddress address =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    try (MigrationLock first =
        MigrationLock.acquire(
            address, new TableRef(db.name(), "t"), () -> {}, Duration.ofSeconds(1))) {
      Run run = migrate("t", "ADD COLUMN x INT", "--execute");
      assertRefused(run, 3, "holds the lock");
      assertThat(run.errorLines().get(0)).contains("KILL " + first.connectionId());
      // a dry run names the running migration too, before anything about its tables
      Run dry = migrate("t", "ADD COLUMN x INT");
      assertRefused(dry, 3, "is being migrated already");
    }
  }

  @Test
  void executeMigratesAndPrintsTheSummary() {
    Run run =
        migrate(
            "t",
            "CHANGE c c2 VARCHAR(80), ADD COLUMN x INT DEFAULT 5",
            "--execute",
            "--copy",
            "stream",
            "--ok-to-drop-table");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Migrated " + db.name() + ".t: rows copied: 3,")
        .contains("cut-over lock:");
    assertThat(tables()).containsExactly("nokey", "t");
    assertThat(db.query("SELECT id, k, c2, x FROM t ORDER BY id"))
        .containsExactly(
            List.of(1L, 10, "a", 5),
            java.util.Arrays.asList(2L, 20, null, 5),
            List.of(3L, 20, "c", 5));
  }

  @Test
  void pauseFromAnotherCommandThenResumeAtParallelismOne() throws Exception {
    db.execute(
        "CREATE TABLE big (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL, c VARCHAR(40))",
        "SET SESSION cte_max_recursion_depth = 1000000",
        "INSERT INTO big WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < 100000) SELECT n, n % 100, MD5(n) FROM seq");
    java.util.concurrent.CompletableFuture<Run> first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> migrate("big", "ADD COLUMN x INT", "--execute"));
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
    // pause while copying: the copy of 100,000 rows in chunks of 100 outlasts the 200 ms poll
    while (!"COPY".equals(state("big"))) {
      assertThat(java.time.Instant.now()).as("the migration reaches COPY").isBefore(deadline);
      assertThat(first).as("migrate ended early: %s", first.getNow(null)).isNotDone();
      Thread.sleep(20);
    }
    db.execute("UPDATE big SET c = 'written before the pause' WHERE id = 7");
    String stateDir = WORK.resolve("state").resolve(db.name()).toString();
    Run running = operator("status", "big", "--state-dir", stateDir);
    assertThat(running.exitCode()).as(running.err()).isZero();
    assertThat(running.out())
        .contains("phase: COPY")
        .contains("controller: running (MySQL connection ")
        .contains("resume possible: no, it is running");

    Run pause = operator("pause", "big");
    assertThat(pause.exitCode()).as(pause.err()).isZero();
    assertThat(pause.out()).contains("Paused the migration");
    Run paused = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(paused.exitCode()).as(paused.err()).isZero();
    assertThat(paused.out()).contains("paused the migration").contains("ghostflink resume");
    assertThat(tables()).contains("_big_gho", "big").doesNotContain("_big_del");

    // what a planner stopped in the middle of a hold leaves behind
    db.execute(
        "INSERT INTO _big_ghc (hint, value) VALUES ('copy-hold', 'redo log 90% full')"
            + " ON DUPLICATE KEY UPDATE value = VALUES(value)");
    Run status = operator("status", "big", "--state-dir", stateDir);
    assertThat(status.out())
        .contains("phase: PAUSED")
        .contains("controller: none running")
        .contains("throttle: not throttled")
        .contains("resume possible: yes, from its savepoint");
    db.execute(
        "UPDATE big SET c = 'written while paused' WHERE id = 8", "DELETE FROM big WHERE id = 9");
    Run resumed =
        operator(
            "resume",
            "big",
            "--parallelism",
            "1",
            "--state-dir",
            WORK.resolve("state").resolve(db.name()).toString());
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("Migrated " + db.name() + ".big")
        .as("the resumed planner replaces the hold its predecessor left")
        .doesNotContain("redo log 90% full");
    Run finished = operator("status", "big", "--state-dir", stateDir);
    assertThat(finished.exitCode()).isEqualTo(2);
    assertThat(finished.errorLines()).hasSize(1);
    assertThat(finished.errorLines().get(0)).contains("no migration of " + db.name() + ".big");
    assertThat(db.scalar("SELECT COUNT(*) FROM big")).isEqualTo(99_999L);
    assertThat(db.scalar("SELECT c FROM big WHERE id = 7")).isEqualTo("written before the pause");
    assertThat(db.scalar("SELECT c FROM big WHERE id = 8")).isEqualTo("written while paused");
    assertThat(
            db.scalar(
                "SELECT COUNT(*) FROM big b JOIN _big_del d USING (id) WHERE b.k = d.k AND b.c <=> d.c"))
        .isEqualTo(99_999L);
  }

  /**
   * ALTERs that work on a table's data, not its definition, are refused before anything runs: the
   * dry run's trial of {@code EXCHANGE PARTITION} on an empty copy moved the other table's rows
   * into that copy and dropped them with it, and a migration of {@code DROP PARTITION} kept the
   * partition's rows.
   */
  @Test
  void partitionAndTablespaceOperationsAreRefusedAndTouchNothing() {
    db.execute(
        "CREATE TABLE pt (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id) (PARTITION p0 VALUES"
            + " LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)",
        "INSERT INTO pt VALUES (1, 1), (150, 2)",
        "CREATE TABLE other (id INT PRIMARY KEY, v INT)",
        "INSERT INTO other VALUES (7, 7)",
        // an old table as a swap leaves it, for verify
        "CREATE TABLE _pt_del LIKE pt",
        "INSERT INTO _pt_del SELECT * FROM pt");
    for (String alter :
        List.of(
            "EXCHANGE PARTITION p0 WITH TABLE other",
            "DROP PARTITION p0",
            "TRUNCATE PARTITION p1",
            "DISCARD TABLESPACE")) {
      Run refused = migrate("pt", alter);
      assertThat(refused.exitCode()).as(alter).isEqualTo(Ghostflink.BAD_INPUT);
      assertThat(refused.errorLines()).as(alter).hasSize(1);
      assertThat(refused.errorLines().get(0))
          .contains("works on the table's data, not its definition")
          .contains(alter.substring(0, alter.indexOf(' ')));
    }
    Run verify = operator("verify", "pt", "--alter", "EXCHANGE PARTITION p0 WITH TABLE other");
    assertThat(verify.exitCode()).isNotZero();
    assertThat(db.query("SELECT id FROM other")).containsExactly(List.of(7));
    assertThat(db.query("SELECT id FROM pt ORDER BY id")).containsExactly(List.of(1), List.of(150));
  }

  /**
   * A MyISAM table was copied and kept current to the end, and then every cut-over attempt failed
   * (a GTID server refuses a non-transactional table's changes in a transaction), ten times, with
   * advice to lengthen the lock timeout. Now it is refused at once, as is an ALTER that makes an
   * InnoDB table MyISAM (its new table could not be written in transactions either).
   */
  @Test
  void tablesInAnotherEngineThanInnoDbAreRefusedAtOnce() {
    db.execute(
        "CREATE TABLE mi (id INT PRIMARY KEY, v INT) ENGINE=MyISAM",
        "INSERT INTO mi VALUES (1, 1), (2, 2)");
    for (String alter : List.of("ADD COLUMN x INT", "ENGINE=InnoDB, ADD COLUMN x INT")) {
      Run refused = migrate("mi", alter, "--execute");
      assertThat(refused.exitCode()).as(refused.err()).isEqualTo(Ghostflink.BAD_INPUT);
      assertThat(refused.errorLines()).as(refused.err()).hasSize(1);
      assertThat(refused.errorLines().get(0)).contains("uses the MyISAM storage engine");
    }
    Run toMyIsam = migrate("t", "ENGINE=MyISAM", "--execute");
    assertThat(toMyIsam.exitCode()).as(toMyIsam.err()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(toMyIsam.errorLines()).as(toMyIsam.err()).hasSize(1);
    assertThat(toMyIsam.errorLines().get(0)).contains("a MyISAM table");
    assertThat(tables()).containsExactly("mi", "nokey", "t");
    assertThat(db.query("SELECT id, v FROM mi ORDER BY id"))
        .containsExactly(List.of(1, 1), List.of(2, 2));
    assertThat(db.query("SELECT id FROM t ORDER BY id")).hasSize(3);
  }

  /**
   * A read-only server (a replica given by mistake): the preflight's scratch table was refused and
   * the line said "MySQL refuses the ALTER …; fix --alter". Now it says the server is read-only.
   */
  @Test
  void aReadOnlyServerIsRefusedAsNotThePrimary() {
    db.execute("SET GLOBAL super_read_only = ON");
    Run refused;
    try {
      refused = migrate("t", "ADD COLUMN x INT", "--execute");
    } finally {
      db.execute("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");
    }
    assertRefused(refused, Ghostflink.BAD_INPUT, "the server is read-only (super_read_only = ON)");
  }

  /**
   * A password file that gives its text once ({@code --password-file <(vault read …)}, a named
   * pipe): {@code verify} and {@code move} ask for the source's address twice, and read the file
   * twice, so their second login went without a password.
   */
  @Test
  void aPasswordFileThatCanBeReadOnlyOnceIsEnough() throws Exception {
    Run migrated = migrate("t", "ADD COLUMN x INT DEFAULT 5", "--execute");
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    Path pipe = WORK.resolve("password-pipe-" + db.name());
    Files.deleteIfExists(pipe);
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              String text = mysql.password() + "\n";
              while (!done.get()) {
                try {
                  Files.writeString(pipe, text);
                  text = "\n"; // what any later reader of such a file gets
                } catch (java.io.IOException e) {
                  // a reader that saw the end of one write went away before the next ("Broken
                  // pipe"): the next reader gets the next one
                }
              }
            });
    writer.setDaemon(true);
    writer.start();
    Path file = passwordFile;
    passwordFile = pipe;
    try {
      Run verified = operator("verify", "t", "--alter", "ADD COLUMN x INT DEFAULT 5");
      assertThat(verified.exitCode()).as(verified.err()).isZero();
    } finally {
      passwordFile = file;
      done.set(true);
      // the writer may wait in its open for a reader; opened for reading and writing, a pipe never
      // waits (Linux), and an open for reading alone would wait forever for a writer that is gone
      try (java.io.RandomAccessFile release = new java.io.RandomAccessFile(pipe.toFile(), "rw")) {
        writer.join(10_000);
      }
    }
  }

  @Test
  void verifyComparesTheSwapWithMysqlsOwnAlterAndNamesADifferingRow() {
    Run migrated = migrate("t", "CHANGE c c2 VARCHAR(80), ADD COLUMN x INT DEFAULT 5", "--execute");
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    String state = WORK.resolve("state").resolve(db.name()).toString();

    // the ALTER comes from the state directory, where the swap recorded it
    Run verified = operator("verify", "t", "--state-dir", state);
    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(verified.out())
        .contains(
            "Verified: "
                + db.name()
                + ".t equals MySQL's own ALTER of "
                + db.name()
                + "._t_del: 3 rows");

    db.execute("UPDATE t SET c2 = 'changed' WHERE id = 3");
    Run differs = operator("verify", "t", "--state-dir", state);
    assertThat(differs.exitCode()).as(differs.err()).isEqualTo(Ghostflink.DIFFERENT);
    assertThat(differs.errorLines()).hasSize(1);
    assertThat(differs.errorLines().get(0))
        .contains("1 rows of " + db.name() + ".t differ")
        .contains("id=3: c2 is 'changed' where MySQL's ALTER has 'c'");

    Run noOldTable = operator("verify", "nokey", "--alter", "ADD COLUMN y INT");
    assertThat(noOldTable.exitCode()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(noOldTable.errorLines()).hasSize(1);
    assertThat(noOldTable.errorLines().get(0)).contains("no " + db.name() + "._nokey_del");
  }

  @Test
  void pauseWithoutARunningMigrationIsRefused() {
    Run pause = operator("pause", "t");
    assertRefused(pause, 2, "no migration of " + db.name() + ".t is copying or applying");
    // every command takes the same table and state flags, so a runbook's flag set works for all
    Run withState = operator("pause", "t", "--state-dir", WORK.resolve("any").toString());
    assertRefused(withState, 2, "no migration of " + db.name() + ".t is copying or applying");
  }

  /** {@code command} for {@code table} with this test's connection flags, then {@code more}. */
  /** A hook script that appends its event and some of gh-ost's variables to {@code log}. */
  private static void recordingHook(Path dir, String name, Path log) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "#!/bin/sh\necho \""
            + name
            + " $GH_OST_DATABASE_NAME.$GH_OST_TABLE_NAME $GH_OST_GHOST_TABLE_NAME"
            + " $GH_OST_OLD_TABLE_NAME rows=$GH_OST_COPIED_ROWS hint=$GH_OST_HOOKS_HINT"
            + " ddl=$GH_OST_DDL\" >> "
            + log
            + "\n");
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static List<String> events(Path log) throws Exception {
    return Files.exists(log)
        ? Files.readAllLines(log).stream().map(l -> l.split(" ")[0]).toList()
        : List.of();
  }

  @Test
  void hooksRunAsGhostRunsThemAndAPostponedCutOverWaitsForUnpostpone() throws Exception {
    Path hooks = Files.createTempDirectory(WORK, "hooks");
    Path log = hooks.resolve("log");
    for (String event :
        List.of(
            "on-startup",
            "on-validated",
            "on-rowcount-complete",
            "on-before-row-copy",
            "on-row-copy-complete",
            "on-begin-postponed",
            "on-before-cut-over",
            "on-success",
            "on-failure")) {
      recordingHook(hooks, "gh-ost-" + event, log);
    }
    recordingHook(hooks, "ghostflink-on-success", log);
    Path flag = Files.createTempFile(WORK, "postpone", ".flag");
    java.util.concurrent.CompletableFuture<Run> migrating =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                migrate(
                    "t",
                    "ADD COLUMN x INT",
                    "--execute",
                    "--hooks-path",
                    hooks.toString(),
                    "--hooks-hint",
                    "ticket-42",
                    "--postpone-cut-over-flag-file",
                    flag.toString()));
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
    while (!events(log).contains("gh-ost-on-begin-postponed")) {
      assertThat(java.time.Instant.now()).as("the cut-over is postponed").isBefore(deadline);
      assertThat(migrating).as("migrate ended early: %s", migrating.getNow(null)).isNotDone();
      Thread.sleep(50);
    }
    // postponed: still applying, the ghost table kept current
    db.execute("INSERT INTO t VALUES (4, 40, 'written while postponed')");
    while (db.query("SELECT 1 FROM _t_gho WHERE id = 4").isEmpty()) {
      assertThat(java.time.Instant.now()).as("the ghost table is kept current").isBefore(deadline);
      Thread.sleep(50);
    }
    Thread.sleep(1000); // several polls of the controller: it stays postponed
    assertThat(state("t")).isEqualTo("APPLY");
    assertThat(migrating).isNotDone();

    Run unpostpone = operator("unpostpone", "t");
    assertThat(unpostpone.exitCode()).as(unpostpone.err()).isZero();
    assertThat(unpostpone.out()).contains("Released the cut-over of " + db.name() + ".t");
    Run migrated = migrating.get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    assertThat(migrated.err()).contains("cut-over postponed while " + flag);
    assertThat(events(log))
        .containsExactly(
            "gh-ost-on-startup",
            "gh-ost-on-validated",
            "gh-ost-on-rowcount-complete",
            "gh-ost-on-before-row-copy",
            "gh-ost-on-row-copy-complete",
            "gh-ost-on-begin-postponed",
            "gh-ost-on-before-cut-over",
            "gh-ost-on-success",
            "ghostflink-on-success");
    assertThat(Files.readAllLines(log).get(7))
        .isEqualTo(
            "gh-ost-on-success "
                + db.name()
                + ".t _t_gho _t_del rows=3 hint=ticket-42 ddl=ADD COLUMN x INT");
    assertThat(db.scalar("SELECT c FROM t WHERE id = 4")).isEqualTo("written while postponed");
  }

  @Test
  void attemptInstantDdlAltersTheTableInPlaceAndTellsTheSuccessHooks() throws Exception {
    Path hooks = Files.createTempDirectory(WORK, "hooks");
    Path log = hooks.resolve("log");
    Path hook = hooks.resolve("gh-ost-on-success");
    Files.writeString(hook, "#!/bin/sh\necho \"instant=$GH_OST_INSTANT_DDL\" >> " + log + "\n");
    Files.setPosixFilePermissions(
        hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    Run run =
        migrate(
            "t",
            "ADD COLUMN x INT DEFAULT 5",
            "--attempt-instant-ddl",
            "--execute",
            "--hooks-path",
            hooks.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "Migrated "
                + db.name()
                + ".t: done by MySQL with ALGORITHM=INSTANT (metadata only, no row copied)");
    assertThat(Files.readAllLines(log)).containsExactly("instant=true");
    assertThat(tables()).containsExactly("nokey", "t");
    assertThat(db.scalar("SELECT SUM(x) FROM t")).isEqualTo(java.math.BigDecimal.valueOf(15));
  }

  @Test
  void aFailingBeforeCutOverHookStopsTheMigrationWithTheTableIntact() throws Exception {
    Path hooks = Files.createTempDirectory(WORK, "hooks");
    Path log = hooks.resolve("log");
    Path refuse = hooks.resolve("gh-ost-on-before-cut-over");
    Files.writeString(refuse, "#!/bin/sh\necho 'not during business hours'\nexit 3\n");
    Files.setPosixFilePermissions(
        refuse, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    recordingHook(hooks, "gh-ost-on-failure", log);

    Run run = migrate("t", "ADD COLUMN x INT", "--execute", "--hooks-path", hooks.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Ghostflink.FAILED);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0))
        .contains(
            "gh-ost-on-before-cut-over: hook gh-ost-on-before-cut-over exited with 3: not during"
                + " business hours")
        .contains(db.name() + ".t is intact");
    assertThat(tables()).contains("t").doesNotContain("_t_del");
    assertThat(events(log)).containsExactly("gh-ost-on-failure");
    assertThat(db.query("SELECT id, k, c FROM t ORDER BY id")).hasSize(3);
  }

  @Test
  void aFailingSuccessHookLeavesTheSwapAndExitsSeven() throws Exception {
    Path hooks = Files.createTempDirectory(WORK, "hooks");
    Path fail = hooks.resolve("gh-ost-on-success");
    Files.writeString(fail, "#!/bin/sh\necho 'chatops unreachable'\nexit 1\n");
    Files.setPosixFilePermissions(
        fail, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    Run run = migrate("t", "ADD COLUMN x INT", "--execute", "--hooks-path", hooks.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Ghostflink.SUCCESS_HOOK_FAILED);
    assertThat(run.out()).contains("Migrated " + db.name() + ".t");
    assertThat(run.errorLines())
        .containsExactly(
            "ghostflink: error: the swap is done, but gh-ost-on-success: hook gh-ost-on-success"
                + " exited with 1: chatops unreachable");
    assertThat(tables()).contains("t", "_t_del");
  }

  private Run operator(String command, String table, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--port",
                Integer.toString(mysql.port()),
                "--user",
                mysql.user(),
                "--password-file",
                passwordFile.toString(),
                "--database",
                db.name(),
                "--table",
                table));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private String state(String table) {
    try {
      return (String) db.scalar("SELECT value FROM `_" + table + "_ghc` WHERE hint = 'state'");
    } catch (RuntimeException noChangelogYet) {
      return null;
    }
  }
}
