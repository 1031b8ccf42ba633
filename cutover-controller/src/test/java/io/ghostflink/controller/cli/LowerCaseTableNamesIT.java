package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server with {@code lower_case_table_names = 1} (as servers set up for Windows or macOS
 * applications run on Linux), where {@code Orders} and {@code orders} name one table, stored and
 * written to the binlog as {@code orders}. A migration given {@code --table Orders}, as the
 * application spells it, never saw a change of its own tables in the binlog: it waited in APPLY,
 * its lag growing, until stopped. Its lock and state directory took the case as typed, so {@code
 * status --table ORDERS} did not find the running controller.
 */
class LowerCaseTableNamesIT {
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));
  private static final int ROWS = 3_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 3, MODIFY v VARCHAR(80)";

  private static MysqlServer server;

  @BeforeAll
  static void start() {
    server =
        MysqlServer.start(
            MysqlServerSpec.named("lower-case")
                .withExtraArgs(List.of("--lower-case-table-names=1")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void namesInAnyCaseMigrateTheOneTable(CopyMode mode) throws Exception {
    String database = "Shop_" + mode;
    TestDatabase db = TestDatabase.create(server, database);
    db.execute(
        "CREATE TABLE Orders (id INT PRIMARY KEY, v VARCHAR(50), n INT, KEY (n))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO Orders WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT n, CONCAT('v', n), n FROM seq");
    Path password = Files.createTempFile(WORK, "password", "");
    Files.writeString(password, server.password() + "\n");
    Path state = WORK.resolve("state").resolve("lower-case-" + mode);
    PostponedMigration.Result migrated;
    try (Workload writers =
        Workload.scripted(
            db,
            List.of(
                "UPDATE Orders SET v = CONCAT('u', {n}) WHERE id = {id}",
                "DELETE FROM Orders WHERE id = {id}",
                "INSERT INTO Orders (id, v, n) VALUES ({id}, 'i', {n})"
                    + " ON DUPLICATE KEY UPDATE n = n + 1"),
            ROWS,
            4,
            300,
            59)) {
      migrated =
          PostponedMigration.run(
              List.of(
                  args(
                      password,
                      database,
                      "Orders",
                      "migrate",
                      "--alter",
                      ALTER,
                      "--execute",
                      "--copy",
                      mode.name().toLowerCase(Locale.ROOT),
                      "--state-dir",
                      state.toString(),
                      "--checkpoint-interval",
                      "500ms")),
              WORK,
              () -> {
                // another spelling of the same table finds the same migration and its controller
                StringWriter statusOut = new StringWriter();
                int status =
                    Ghostflink.run(
                        args(
                            password,
                            database.toUpperCase(Locale.ROOT),
                            "ORDERS",
                            "status",
                            "--state-dir",
                            state.toString()),
                        new PrintWriter(statusOut, true),
                        new PrintWriter(new StringWriter(), true));
                assertThat(status).as(statusOut.toString()).isZero();
                assertThat(statusOut.toString())
                    .contains("table: " + database.toLowerCase(Locale.ROOT) + ".orders")
                    .contains("controller: running");
                writers.close();
                assertThat(writers.committed())
                    .as("writes during the migration")
                    .isGreaterThan(100);
              });
    }
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    assertThat(migrated.out())
        .contains("Migrated " + database.toLowerCase(Locale.ROOT) + ".orders");
    StringWriter verifyOut = new StringWriter();
    StringWriter verifyErr = new StringWriter();
    int verify =
        Ghostflink.run(
            args(password, database, "Orders", "verify", "--alter", ALTER),
            new PrintWriter(verifyOut, true),
            new PrintWriter(verifyErr, true));
    assertThat(verify).as(verifyErr.toString()).isZero();
    assertThat(verifyOut.toString()).contains("Verified:");
  }

  private static String[] args(
      Path password, String database, String table, String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--host",
                server.host(),
                "--port",
                Integer.toString(server.port()),
                "--user",
                server.user(),
                "--password-file",
                password.toString(),
                "--database",
                database,
                "--table",
                table));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
