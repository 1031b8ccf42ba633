package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** What the controller's integration tests share: options, tables, and the row comparison. */
public final class Migrations {
  private static final AtomicInteger SERVER_IDS = new AtomicInteger(6400);

  private Migrations() {}

  static ServerAddress address(MysqlInstance m) {
    return new ServerAddress(m.host(), m.port(), m.user(), m.password());
  }

  static Path stateDir(TestDatabase db) {
    return Path.of(
        System.getProperty("ghostflink.test.work.dir", "target/work"), "state", db.name());
  }

  /** Test options: parallelism 2, small chunks, short intervals, a server-side copy. */
  static MigrationOptions options(TestDatabase db, MysqlInstance m, String table, String alter) {
    return options(db, m, table, alter, CopyMode.SERVER);
  }

  /** Test options copying in {@code mode}. */
  static MigrationOptions options(
      TestDatabase db, MysqlInstance m, String table, String alter, CopyMode mode) {
    return options(
        db, m, table, alter, mode, io.ghostflink.controller.hooks.HookSettings.NONE, null);
  }

  private static MigrationOptions options(
      TestDatabase db,
      MysqlInstance m,
      String table,
      String alter,
      CopyMode mode,
      io.ghostflink.controller.hooks.HookSettings hooks,
      Path postponeFlagFile) {
    return new MigrationOptions(
        address(m),
        new TableRef(db.name(), table),
        alter,
        true,
        2,
        500,
        Duration.ZERO,
        Duration.ofMillis(500),
        Duration.ofSeconds(3),
        5,
        Duration.ofMillis(1500),
        false,
        false,
        false,
        stateDir(db),
        SERVER_IDS.getAndIncrement(),
        mode,
        ThrottleSettings.DEFAULTS,
        true,
        hooks,
        postponeFlagFile);
  }

  /**
   * Test options moving {@code db}'s table {@code table} from {@code source} to the same database
   * on {@code target}: a stream copy, parallelism 2, with {@code hooks}.
   */
  static MigrationOptions moving(
      TestDatabase db,
      MysqlInstance source,
      String table,
      MysqlInstance target,
      Duration drainTimeout,
      io.ghostflink.controller.hooks.HookSettings hooks) {
    return moving(db, source, table, target, drainTimeout, hooks, null);
  }

  /** {@link #moving} whose cut-over waits while {@code postponeFlagFile} exists. */
  static MigrationOptions moving(
      TestDatabase db,
      MysqlInstance source,
      String table,
      MysqlInstance target,
      Duration drainTimeout,
      io.ghostflink.controller.hooks.HookSettings hooks,
      Path postponeFlagFile) {
    return options(db, source, table, "-", CopyMode.STREAM, hooks, postponeFlagFile)
        .movingTo(new MoveTarget(address(target), db.name(), drainTimeout));
  }

  /** Test options whose cut-over waits while {@code flag} exists. */
  static MigrationOptions postponed(
      TestDatabase db, MysqlInstance m, String table, String alter, Path flag) {
    return postponed(db, m, table, alter, CopyMode.SERVER, flag);
  }

  /** {@link #postponed} copying in {@code mode}. */
  static MigrationOptions postponed(
      TestDatabase db, MysqlInstance m, String table, String alter, CopyMode mode, Path flag) {
    return options(
        db, m, table, alter, mode, io.ghostflink.controller.hooks.HookSettings.NONE, flag);
  }

  static MigrationOptions withAttempts(MigrationOptions o, int attempts, Duration lockTimeout) {
    return with(o, o.parallelism(), attempts, lockTimeout, o.throttle(), o.checksum());
  }

  static MigrationOptions withThrottle(MigrationOptions o, ThrottleSettings throttle) {
    return with(
        o, o.parallelism(), o.maxCutOverAttempts(), o.cutOverLockTimeout(), throttle, o.checksum());
  }

  /** {@code o} without the checksum before the swap: for tests of the cut-over's own attempts. */
  static MigrationOptions withoutChecksum(MigrationOptions o) {
    return with(
        o, o.parallelism(), o.maxCutOverAttempts(), o.cutOverLockTimeout(), o.throttle(), false);
  }

  static MigrationOptions withParallelism(MigrationOptions o, int parallelism) {
    return with(
        o, parallelism, o.maxCutOverAttempts(), o.cutOverLockTimeout(), o.throttle(), o.checksum());
  }

  // o with the settings the tests vary
  private static MigrationOptions with(
      MigrationOptions o,
      int parallelism,
      int attempts,
      Duration lockTimeout,
      ThrottleSettings throttle,
      boolean checksum) {
    return new MigrationOptions(
        o.server(),
        o.table(),
        o.alter(),
        o.execute(),
        parallelism,
        o.chunkSize(),
        o.chunkTime(),
        o.checkpointInterval(),
        lockTimeout,
        attempts,
        o.cutOverMaxLag(),
        o.okToDropTable(),
        o.initiallyDropGhostTable(),
        o.initiallyDropOldTable(),
        o.stateDir(),
        o.serverId(),
        o.copyMode(),
        throttle,
        checksum,
        o.hooks(),
        o.postponeFlagFile());
  }

  /**
   * {@code command} with the connection, table ({@code t}) and state flags every command takes, as
   * a list to add to.
   */
  static List<String> cliArgs(
      String command, MysqlInstance mysql, Path password, TestDatabase db, Path state) {
    return new java.util.ArrayList<>(
        List.of(
            command,
            "--host",
            mysql.host(),
            "--port",
            Integer.toString(mysql.port()),
            "--user",
            mysql.user(),
            "--password-file",
            password.toString(),
            "--database",
            db.name(),
            "--table",
            "t",
            "--state-dir",
            state.toString()));
  }

  /**
   * Workload templates over two sysbench-shaped tables {@code t} and {@code u} that keep them
   * equal: every transaction changes rows of t (an update, an upsert, a delete, a primary-key move)
   * and makes u's rows of those ids copies of them, in the same transaction.
   */
  static List<String> crossTableWrites() {
    String copy =
        " ;; DELETE FROM u WHERE id IN ({id}, {id2}) ;; INSERT INTO u SELECT * FROM t"
            + " WHERE id IN ({id}, {id2})";
    return List.of(
        "UPDATE t SET k = k + 1, c = '{s}' WHERE id = {id}" + copy,
        "INSERT INTO t (id, k, c, pad) VALUES ({id}, {n}, '{s}', '{s}') ON DUPLICATE KEY UPDATE"
            + " k = VALUES(k), c = VALUES(c)"
            + copy,
        "DELETE FROM t WHERE id = {id}" + copy,
        "UPDATE t SET id = {id2} WHERE id = {id}" + copy);
  }

  /** A sysbench-shaped table of {@code rows} rows, ids 2, 4, 6, … */
  static void sysbenchTable(TestDatabase db, String table, int rows) {
    db.execute(
        "CREATE TABLE "
            + Identifiers.quote(table)
            + " (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c VARCHAR(120) NOT NULL DEFAULT '', pad VARCHAR(60) NOT NULL DEFAULT '',"
            + " KEY k_idx (k))",
        "SET SESSION cte_max_recursion_depth = 10000000",
        "INSERT INTO "
            + Identifiers.quote(table)
            + " (id, k, c, pad) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1"
            + " FROM seq WHERE n < "
            + rows
            + ") SELECT n * 2, n % 1000, MD5(n), LEFT(SHA1(n), 20) FROM seq");
  }

  /** A listener that runs {@code action} the first time the migration enters {@code phase}. */
  static MigrationListener onceIn(MigrationPhase phase, Runnable action) {
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    return new MigrationListener() {
      @Override
      public void phase(MigrationPhase now) {
        if (now == phase && !done.getAndSet(true)) {
          action.run();
        }
      }
    };
  }

  /**
   * Runs the migration of {@code options} while {@code workload} writes (until the first cut-over
   * attempt, at least {@code minWrites} transactions), then compares {@code t} with what MySQL's
   * own ALTER makes of {@code _t_del}, every column of every row.
   */
  static void migrateUnderWritesAsMysqlWould(
      TestDatabase db,
      MysqlInstance mysql,
      MigrationOptions options,
      String alter,
      io.ghostflink.mysql.Workload workload,
      int minWrites)
      throws Exception {
    migrateUnderWritesAsMysqlWould(db, "t", mysql, options, alter, workload, minWrites);
  }

  /** {@link #migrateUnderWritesAsMysqlWould} of the table {@code table}. */
  static void migrateUnderWritesAsMysqlWould(
      TestDatabase db,
      String table,
      MysqlInstance mysql,
      MigrationOptions options,
      String alter,
      io.ghostflink.mysql.Workload workload,
      int minWrites)
      throws Exception {
    try (workload) {
      new MigrationController(options, MigrationListener.NONE, beforeFirstCutover(workload::close))
          .execute();
      assertThat(workload.committed()).as("writes during the migration").isGreaterThan(minWrites);
    }
    assertAsMysqlWould(db, table, mysql, alter);
  }

  /**
   * Asserts that the swapped table {@code table} holds what MySQL's own {@code alter} makes of the
   * old table {@code _table_del}, every column of every row.
   */
  static void assertAsMysqlWould(TestDatabase db, String table, MysqlInstance mysql, String alter)
      throws Exception {
    TableRef t = new TableRef(db.name(), table);
    io.ghostflink.controller.verify.AlterOracle.Report report =
        io.ghostflink.controller.verify.AlterOracle.run(address(mysql), t, alter, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
    assertThat(report.rows())
        .isEqualTo((Long) db.scalar("SELECT COUNT(*) FROM " + Identifiers.quote(table)));
  }

  static boolean hasTable(TestDatabase db, String table) {
    return ((Long)
            db.scalar(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND"
                    + " TABLE_NAME = ?",
                db.name(),
                table))
        > 0;
  }

  static boolean hasColumn(TestDatabase db, String table, String column) {
    return ((Long)
            db.scalar(
                "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND"
                    + " TABLE_NAME = ? AND COLUMN_NAME = ?",
                db.name(),
                table,
                column))
        > 0;
  }

  /** Runs {@code action} once, before the first step of the first cut-over attempt. */
  static CutoverHook beforeFirstCutover(Runnable action) {
    AtomicInteger calls = new AtomicInteger();
    return (step, attempt, sessions) -> {
      if (calls.getAndIncrement() == 0) {
        action.run();
      }
    };
  }

  /**
   * Asserts that the swapped table {@code table} holds exactly the rows of the old table {@code
   * _table_del} on the mapped columns (ghost column = original column), compared as a multiset of
   * per-row digests of the values' bytes.
   */
  static void assertSameRows(TestDatabase db, String table, Map<String, String> mapping) {
    assertSameRows(db, table, mapping, "TRUE");
  }

  /** {@link #assertSameRows(TestDatabase, String, Map)} over the rows that match {@code where}. */
  static void assertSameRows(
      TestDatabase db, String table, Map<String, String> mapping, String where) {
    List<String> ghost = new ArrayList<>(mapping.keySet());
    List<String> original = new ArrayList<>(mapping.values());
    List<String> swapped = digests(db, table, ghost, where);
    List<String> old = digests(db, "_" + table + "_del", original, where);
    if (!swapped.equals(old)) {
      List<String> differing = new ArrayList<>();
      mapping.forEach(
          (g, o) -> {
            List<String> mine = values(db, table, g, where);
            List<String> theirs = values(db, "_" + table + "_del", o, where);
            if (!mine.equals(theirs)) {
              List<String> onlyMine = new ArrayList<>(mine);
              theirs.forEach(onlyMine::remove);
              List<String> onlyTheirs = new ArrayList<>(theirs);
              mine.forEach(onlyTheirs::remove);
              differing.add(
                  g
                      + " (new only: "
                      + onlyMine.subList(0, Math.min(5, onlyMine.size()))
                      + ", old only: "
                      + onlyTheirs.subList(0, Math.min(5, onlyTheirs.size()))
                      + ")");
            }
          });
      assertThat(swapped)
          .as("rows of %s against _%s_del; columns that differ: %s", table, table, differing)
          .isEqualTo(old);
    }
  }

  private static List<String> values(TestDatabase db, String table, String column, String where) {
    List<String> values = new ArrayList<>();
    db.query("SELECT HEX(CAST(`" + column + "` AS BINARY)) FROM `" + table + "` WHERE " + where)
        .forEach(r -> values.add(String.valueOf(r.get(0))));
    java.util.Collections.sort(values);
    return values;
  }

  private static List<String> digests(
      TestDatabase db, String table, List<String> columns, String where) {
    StringJoiner values = new StringJoiner(", ");
    columns.forEach(c -> values.add("COALESCE(HEX(CAST(`" + c + "` AS BINARY)), 'NULL')"));
    List<String> digests = new ArrayList<>();
    db.query("SELECT MD5(CONCAT_WS('#', " + values + ")) FROM `" + table + "` WHERE " + where)
        .forEach(r -> digests.add((String) r.get(0)));
    java.util.Collections.sort(digests);
    return digests;
  }

  /** The state directory of {@code db}'s migration, emptied (an earlier build's run). */
  static Path freshStateDir(TestDatabase db) throws java.io.IOException {
    Path state = stateDir(db);
    if (java.nio.file.Files.exists(state)) {
      try (java.util.stream.Stream<Path> old = java.nio.file.Files.walk(state)) {
        for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p);
        }
      }
    }
    java.nio.file.Files.createDirectories(state);
    return state;
  }

  /**
   * Starts {@code mainClass} in a JVM of its own, with this JVM's options and class path, logging
   * to {@code child.log} and printing to {@code child.out} in {@code state}.
   */
  static Process startJvm(Path state, String mainClass, List<String> args)
      throws java.io.IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg :
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib")) {
        command.add(arg);
      }
    }
    command.add("-Dghostflink.log.file=" + state.resolve("child.log"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(state.resolve("child.out").toFile())
        .start();
  }

  static String state(TestDatabase db) {
    try {
      return (String) db.scalar("SELECT value FROM _t_ghc WHERE hint = 'state'");
    } catch (RuntimeException noChangelogYet) {
      return null;
    }
  }

  /** The number of the newest completed checkpoint of the running job, or -1. */
  static long newestCheckpoint(TestDatabase db) {
    try {
      return MigrationController.newestCheckpoint(stateDir(db))
          .map(p -> Long.parseLong(p.substring(p.lastIndexOf("chk-") + 4).replace("/", "")))
          .orElse(-1L);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  public static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, java.time.Duration.ofSeconds(90));
  }

  /** Polls {@code condition} every 10 ms until it holds, failing after {@code within}. */
  public static void await(BooleanSupplier condition, String what, java.time.Duration within)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(10);
    }
  }

  /** Runs {@code run} (a controller's {@code execute} or {@code resume}) on another thread. */
  static java.util.concurrent.CompletableFuture<MigrationSummary> async(
      java.util.concurrent.Callable<MigrationSummary> run) {
    return java.util.concurrent.CompletableFuture.supplyAsync(
        () -> {
          try {
            return run.call();
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  /** What a {@code ghostflink} command printed, and its exit code. */
  record Cli(int code, String out, String err) {}

  /** Runs {@code ghostflink command} against the test's table, state dir and server. */
  static Cli cli(TestDatabase db, MysqlInstance mysql, String command, String... args)
      throws Exception {
    Path password = java.nio.file.Files.createTempFile("password", "");
    java.nio.file.Files.writeString(password, mysql.password() + "\n");
    List<String> all = cliArgs(command, mysql, password, db, stateDir(db));
    all.addAll(List.of(args));
    try {
      return run(all);
    } finally {
      java.nio.file.Files.delete(password);
    }
  }

  /** Runs {@code ghostflink} with {@code args} in this JVM, as its main would. */
  static Cli run(List<String> args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        io.ghostflink.controller.cli.Ghostflink.run(
            args.toArray(String[]::new),
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }
}
