package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.throttle.ControlSocket;
import io.ghostflink.controller.throttle.ControlSocketClient;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A runbook written for gh-ost, run with {@code ghostflink migrate}: gh-ost's own cheatsheet
 * command (doc/cheatsheet.md, "b. Connect to master"), its {@code --conf} file, its {@code
 * --exact-rowcount}, its postpone flag file that gh-ost creates at the start, and the gh-ost flags
 * ghostflink refuses, each in one line.
 */
@ExtendWith(MysqlExtension.class)
class GhostOstRunbookIT {
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));
  private static final int ROWS = 3_000;

  private TestDatabase db;
  private MysqlInstance mysql;
  private Path dir;
  private Path conf;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void table(TestDatabase db, MysqlInstance mysql) throws Exception {
    this.db = db;
    this.mysql = mysql;
    db.execute(
        "CREATE TABLE my_table (id INT PRIMARY KEY, v VARCHAR(20), ts TIMESTAMP NOT NULL DEFAULT"
            + " CURRENT_TIMESTAMP) STATS_AUTO_RECALC=0",
        // the server's row estimate, cached now, stays 0 while the rows below are written
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
            + " AND TABLE_NAME = 'my_table'",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO my_table (id, v) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1"
            + " FROM seq WHERE n < "
            + ROWS
            + ") SELECT n, CONCAT('v', n) FROM seq");
    dir = Files.createDirectories(WORK.resolve("ghost-runbook-" + db.name()));
    conf = dir.resolve("my.cnf");
    Files.writeString(
        conf,
        "[mysqld]\nport = 3306\n!includedir /etc/mysql/conf.d/\n\n[client]\n# gh-ost's login\nuser"
            + " = "
            + mysql.user()
            + "\npassword = \""
            + mysql.password()
            + "\"\n");
  }

  private static Run run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Ghostflink.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** gh-ost's cheatsheet command on the primary, with its --conf for --user and --password. */
  private List<String> cheatsheet(Path postponeFlag) {
    return new ArrayList<>(
        List.of(
            "migrate",
            "--max-load=Threads_running=25",
            "--critical-load=Threads_running=1000",
            "--chunk-size=1000",
            "--max-lag-millis=1500",
            "--conf=" + conf,
            "--host=" + mysql.host(),
            "--port=" + mysql.port(),
            "--allow-on-master",
            "--database=" + db.name(),
            "--table=my_table",
            "--alter=engine=innodb",
            "--switch-to-rbr",
            "--allow-master-master",
            "--cut-over=default",
            "--exact-rowcount",
            "--concurrent-rowcount",
            "--default-retries=120",
            "--panic-flag-file=" + dir.resolve("ghost.panic.flag"),
            "--postpone-cut-over-flag-file=" + postponeFlag,
            "--state-dir=" + dir.resolve("state"),
            "--execute"));
  }

  @Test
  void ghostsCheatsheetCommandMigratesAndItsPostponeFlagFileIsCreatedAndWaitedFor()
      throws Exception {
    Path hooks = Files.createDirectories(dir.resolve("hooks"));
    Path log = hooks.resolve("log");
    Files.deleteIfExists(log); // a run before this one in the same work directory
    Path hook = hooks.resolve("gh-ost-on-rowcount-complete");
    Files.writeString(hook, "#!/bin/sh\necho \"rows=$GH_OST_ESTIMATED_ROWS\" >> " + log + "\n");
    Files.setPosixFilePermissions(
        hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path flag = dir.resolve("ghost.postpone.flag");
    Files.deleteIfExists(flag);
    List<String> args = cheatsheet(flag);
    args.addAll(List.of("--hooks-path", hooks.toString()));
    List<List<Object>> before = db.query("SELECT id, v, ts FROM my_table ORDER BY id");
    Path socket = ControlSocket.defaultFile(new TableRef(db.name(), "my_table"));

    PostponedMigration.Result run =
        PostponedMigration.runPostponedOn(
            args,
            flag,
            () -> {
              // gh-ost's runbook: the tool made the flag file, and the cut-over waits for it
              assertThat(flag).exists();
              assertThat(db.tables()).contains("_my_table_gho");
              // and gh-ost's socket answers where gh-ost serves it when not told
              assertThat(ControlSocketClient.send(socket, "status"))
                  .startsWith("migrating " + db.name() + ".my_table; APPLY: ");
              db.execute("INSERT INTO my_table (id, v) VALUES (" + (ROWS + 1) + ", 'postponed')");
            });

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Migrated " + db.name() + ".my_table: rows copied: ");
    assertThat(run.err())
        .contains(
            "ghostflink: note: gh-ost's --allow-on-master, --allow-master-master,"
                + " --switch-to-rbr, --cut-over have no effect here")
        .contains("created --postpone-cut-over-flag-file " + flag)
        .contains("serving gh-ost's interactive commands on " + socket)
        .contains(String.format("exact row count: %,d rows in %s.my_table", ROWS, db.name()))
        .doesNotContain("ghostflink: error");
    assertThat(Files.readAllLines(log))
        .as("the on-rowcount-complete hook has the count, not the estimate")
        .containsExactly("rows=" + ROWS);
    List<List<Object>> after = db.query("SELECT id, v, ts FROM my_table ORDER BY id");
    assertThat(after.subList(0, ROWS)).isEqualTo(before);
    assertThat(after.get(ROWS)).element(1).isEqualTo("postponed");
    assertThat(socket).doesNotExist();
  }

  /** Written in gh-ost's single-dash spelling, which Go's flag package takes as well. */
  @Test
  void anExactCountNotConcurrentIsDoneBeforeTheCopyStarts() throws Exception {
    Run run =
        run(
            addX(
                "state-before",
                "-conf",
                conf.toString(),
                "-exact-rowcount",
                "-concurrent-rowcount=false",
                "-cut-over-lock-timeout-seconds=2",
                "-replica-server-id=99999",
                "--hooks-status-interval=60",
                "-execute",
                "-ok-to-drop-table"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    String err = run.err();
    int counted = err.indexOf(String.format("exact row count: %,d rows", ROWS));
    assertThat(counted).as(err).isPositive().isLessThan(err.indexOf("phase PREPARE"));
    assertThat(db.tables()).containsExactly("my_table");
    assertThat(db.scalar("SELECT COUNT(*) FROM my_table WHERE x IS NULL")).isEqualTo((long) ROWS);
  }

  /**
   * gh-ost's {@code --timestamp-old-table}: the old table is renamed after the swap, the success
   * hook is told its name as gh-ost tells it, and {@code verify} finds it from the state directory.
   */
  @Test
  void aTimestampedOldTableIsNamedToTheHooksAndFoundByVerify() throws Exception {
    Path hooks = Files.createDirectories(dir.resolve("hooks-stamp"));
    Path log = hooks.resolve("log");
    Files.deleteIfExists(log);
    Path hook = hooks.resolve("gh-ost-on-success");
    Files.writeString(hook, "#!/bin/sh\necho \"$GH_OST_OLD_TABLE_NAME\" >> " + log + "\n");
    Files.setPosixFilePermissions(
        hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Run run =
        run(
            addX(
                "state-stamp",
                "-conf",
                conf.toString(),
                "-timestamp-old-table",
                "-hooks-path",
                hooks.toString(),
                "-execute"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> old =
        db.tables().stream()
            .map(String::valueOf)
            .filter(n -> n.matches("_my_table_[0-9]{14}_del"))
            .toList();
    assertThat(old).as(run.err()).hasSize(1);
    assertThat(db.tables()).containsExactlyInAnyOrder("my_table", old.get(0));
    assertThat(run.err())
        .contains("the old table " + db.name() + "._my_table_del is kept as " + old.get(0));
    assertThat(Files.readAllLines(log)).as("the success hook").containsExactly(old.get(0));

    Run verify = run(connected("verify", "state-stamp", "--conf", conf.toString()));
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            "Verified: "
                + db.name()
                + ".my_table equals MySQL's own ALTER of "
                + db.name()
                + "."
                + old.get(0));
  }

  @Test
  void aPanicWhileTheCountWaitsEndsTheCountOnTheServerToo() throws Exception {
    Path hooks = Files.createDirectories(dir.resolve("hooks-panic"));
    Path validated = hooks.resolve("validated");
    Path go = hooks.resolve("go");
    Path panic = hooks.resolve("panic");
    for (Path f : List.of(validated, go, panic)) {
      Files.deleteIfExists(f);
    }
    // the hook holds the migration until the test has locked the table the count then reads
    Path hook = hooks.resolve("gh-ost-on-validated");
    Files.writeString(
        hook,
        "#!/bin/sh\ntouch " + validated + "\nwhile [ ! -e " + go + " ]; do sleep 0.1; done\n");
    Files.setPosixFilePermissions(
        hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> args =
        addX(
            "state-panic",
            "--conf",
            conf.toString(),
            "--exact-rowcount",
            "--concurrent-rowcount=false",
            "--hooks-path",
            hooks.toString(),
            "--panic-flag-file",
            panic.toString(),
            "--execute");
    java.util.concurrent.CompletableFuture<Run> migration =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> run(args));
    String counting =
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT COUNT(*)"
            + " FROM `"
            + db.name()
            + "`.`my_table`%'";
    try (java.sql.Connection locker = db.connect();
        java.sql.Statement s = locker.createStatement()) {
      await(() -> Files.exists(validated), "the migration to pass preflight");
      s.execute("LOCK TABLES my_table WRITE");
      Files.createFile(go);
      await(() -> (Long) db.scalar(counting) == 1, "the count to wait for the table's lock");
      Files.createFile(panic);
      Run run = migration.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(Ghostflink.FAILED);
      assertThat(run.err()).contains("the operator panicked (" + panic + " appeared");
      await(() -> (Long) db.scalar(counting) == 0, "the count to be ended on the server");
      s.execute("UNLOCK TABLES");
    }
    assertThat(db.tables()).containsExactly("my_table");
  }

  @Test
  void ghostsSharedThrottleFileHoldsTheCopyUntilItGoes() throws Exception {
    Path shared = dir.resolve("gh-ost.throttle");
    Files.deleteIfExists(shared);
    Files.createFile(shared);
    Path socket = ControlSocket.defaultFile(new TableRef(db.name(), "my_table"));
    java.util.concurrent.CompletableFuture<Run> migration =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                run(
                    addX(
                        "state-shared",
                        "--conf",
                        conf.toString(),
                        "--throttle-additional-flag-file",
                        shared.toString(),
                        "--execute",
                        "--ok-to-drop-table")));
    await(
        () -> status(socket).contains("throttled: flag file " + shared + " exists"),
        "the copy to be throttled by the shared flag file");
    assertThat(db.scalar("SELECT COUNT(*) FROM _my_table_gho")).isEqualTo(0L);

    Files.delete(shared);
    Run run = migration.get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(db.tables()).containsExactly("my_table");
    assertThat(db.scalar("SELECT COUNT(*) FROM my_table WHERE x IS NULL")).isEqualTo((long) ROWS);
  }

  // the socket's status line, or "" while nothing answers there
  private static String status(Path socket) {
    try {
      return ControlSocketClient.send(socket, "status");
    } catch (Exception e) {
      return "";
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void ghostsFlagsOfModesGhostflinkLacksAreRefusedInOneLineAndChangeNothing() throws Exception {
    Path noClient = dir.resolve("no-client.cnf");
    Files.writeString(noClient, "[mysqld]\nuser = mysql\n");
    List<String> connected = addX("state-refused", "--execute");
    assertRefused(
        with(connected, "--user", mysql.user(), "--password=s3cr3t-on-the-command-line"),
        "--password would show the password to every user of this machine (ps)");
    assertRefused(
        with(connected, "--conf", conf.toString(), "--test-on-replica"),
        "--test-on-replica is gh-ost's: ghostflink has no test-on-replica mode");
    assertRefused(
        with(connected, "--conf", conf.toString(), "--force-table-names=t"),
        "--force-table-names is gh-ost's: ghostflink's tables are always _<table>_gho");
    assertRefused(
        with(connected, "--conf", conf.toString(), "--cut-over=two-step"),
        "--cut-over two-step leaves a moment in which the table does not exist");
    assertRefused(
        with(connected, "--conf", conf.toString(), "--storage-engine=rocksdb"),
        "--storage-engine rocksdb: ghostflink migrates InnoDB tables only");
    assertRefused(
        with(
            connected,
            "--conf",
            conf.toString(),
            "--default-retries=5",
            "--max-cut-over-attempts=5"),
        "--default-retries and --max-cut-over-attempts say the same thing twice");
    assertRefused(
        with(connected, "--conf", noClient.toString()),
        "--conf " + noClient + " has no [client] section");
    assertRefused(connected, "--user is missing: give the MySQL user");
    assertRefused(
        with(
            connected,
            "--conf",
            conf.toString(),
            "--postpone-cut-over-flag-file",
            dir.resolve("no-such-dir").resolve("postpone.flag").toString()),
        "cannot be created (no such directory)");

    assertThat(run(List.of("migrate", "--check-flag", "--exact-rowcount", "--chunk-size=1")))
        .extracting(Run::exitCode)
        .isEqualTo(0);
    Run unknown = run(List.of("migrate", "--check-flag", "--exact-rowcount", "--no-such-flag"));
    assertThat(unknown.exitCode()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(unknown.err().strip())
        .isEqualTo("ghostflink: error: ghostflink migrate has no flag --no-such-flag");
  }

  /** migrate ADD COLUMN x of my_table, with its state in {@code stateDir} and {@code more}. */
  private List<String> addX(String stateDir, String... more) {
    return with(connected("migrate", stateDir, "--alter", "ADD COLUMN x INT"), more);
  }

  /** {@code command} on my_table of the test's server, with the state in {@code stateDir}. */
  private List<String> connected(String command, String stateDir, String... more) {
    return with(
        List.of(
            command,
            "--host",
            mysql.host(),
            "--port",
            Integer.toString(mysql.port()),
            "--database",
            db.name(),
            "--table",
            "my_table",
            "--state-dir",
            dir.resolve(stateDir).toString()),
        more);
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  private void assertRefused(List<String> args, String message) {
    Run run = run(args);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Ghostflink.BAD_INPUT);
    List<String> lines = run.err().lines().filter(l -> l.startsWith("ghostflink: error")).toList();
    assertThat(lines).as(run.err()).hasSize(1);
    assertThat(lines.get(0)).startsWith("ghostflink: error: ").contains(message);
    assertThat(run.err()).doesNotContain("s3cr3t").doesNotContain("\tat ");
    assertThat(db.tables()).containsExactly("my_table");
    assertThat(db.scalar("SELECT COUNT(*) FROM my_table")).isEqualTo((long) ROWS);
  }
}
