package io.ghostflink.controller.cli;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.lifecycle.MigrationSummary;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.Database;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink demo}: a real MySQL 8.0 on a free loopback port, a busy table, one online
 * ALTER, a checksum of the result against the original, the summary, and the server stopped.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Migrate a busy demo table on an embedded MySQL 8.0 and verify the result.")
public final class DemoCommand implements Callable<Integer> {
  static final String ALTER =
      "ADD COLUMN discount DECIMAL(5,2) NOT NULL DEFAULT 0, MODIFY note VARCHAR(500),"
          + " ADD INDEX created_idx (created_at)";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "200000",
      description = "rows in the demo table (default: ${DEFAULT-VALUE})")
  int rows;

  @Option(
      names = "--writers",
      defaultValue = "4",
      description = "threads writing during the migration (default: ${DEFAULT-VALUE})")
  int writers;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "copy readers and sink subtasks (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--work-dir",
      description = "where the demo server and state live (default: ~/.ghostflink/demo)")
  Path workDir;

  @Option(names = "--verbose", description = "log to the console; stack traces with errors")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rows < 1000 || writers < 0 || parallelism < 1) {
      throw new IllegalArgumentException(
          "--rows must be at least 1000, --writers at least 0, --parallelism at least 1");
    }
    Path dir =
        workDir != null ? workDir : Path.of(System.getProperty("user.home"), ".ghostflink", "demo");
    out.println("Starting MySQL 8.0 (embedded) ...");
    out.flush();
    try (MysqlServer server =
        MysqlServer.start(MysqlServerSpec.named("demo").withBaseDir(dir.resolve("mysql")))) {
      Database db = Database.create(server, "demo");
      out.printf(
          "MySQL %s on 127.0.0.1:%d; loading %d rows into demo.orders ...%n",
          "8.0.31", server.port(), rows);
      out.flush();
      load(db);
      TableRef orders = new TableRef("demo", "orders");
      ServerAddress address =
          new ServerAddress(server.host(), server.port(), server.user(), server.password());
      AtomicBoolean writersStopped = new AtomicBoolean();
      try (Workload workload =
          Workload.scripted(db, writes(), 2L * rows, writers, 50 * writers, 1)) {
        out.printf("%d writers running; migrating: ALTER TABLE orders %s%n", writers, ALTER);
        out.flush();
        // the writers stop when the cut-over starts, so the old table holds the rows the new one
        // was made from and MySQL's own ALTER of them compares like with like
        CutoverHook stopWriters =
            (step, attempt, sessions) -> {
              if (writersStopped.compareAndSet(false, true)) {
                workload.close();
              }
            };
        MigrationOptions options =
            new MigrationOptions(
                address,
                orders,
                ALTER,
                true,
                parallelism,
                5000,
                Duration.ZERO,
                Duration.ofSeconds(5),
                Duration.ofSeconds(3),
                10,
                Duration.ofMillis(1500),
                false,
                true,
                true,
                dir.resolve("state"),
                7000 + (int) (ProcessHandle.current().pid() % 1000),
                CopyMode.SERVER,
                ThrottleSettings.DEFAULTS,
                true,
                io.ghostflink.controller.hooks.HookSettings.NONE,
                null);
        MigrationSummary summary;
        try (ProgressPrinter progress = new ProgressPrinter(err)) {
          summary = new MigrationController(options, progress, stopWriters).execute();
        }
        out.printf(
            "Writers committed %d transactions during the migration.%n", workload.committed());
        // the differential check: MySQL's own ALTER of the old rows must give the same table
        AlterOracle.Report report = AlterOracle.run(address, orders, ALTER, 10_000);
        out.println(report.describe(orders));
        if (!report.matches()) {
          out.println(
              "The migrated table differs from MySQL's own ALTER: rows were lost or changed.");
          return Ghostflink.FAILED;
        }
        out.println("Summary: " + summary.describe());
      }
    }
    out.println("MySQL stopped. Demo done.");
    return Ghostflink.OK;
  }

  private void load(Database db) {
    db.execute(
        "DROP TABLE IF EXISTS orders, _orders_del, _orders_gho, _orders_ghc, _orders_ghp",
        "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id INT NOT NULL,"
            + " status VARCHAR(16) NOT NULL, amount DECIMAL(12,2) NOT NULL, note VARCHAR(200),"
            + " created_at DATETIME(6) NOT NULL, payload JSON, KEY customer_idx (customer_id))",
        "SET SESSION cte_max_recursion_depth = 100000000",
        "INSERT INTO orders WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + rows
            + ") SELECT n * 2, n % 5000, ELT(1 + n % 4, 'new', 'paid', 'shipped', 'returned'),"
            + " (n % 100000) / 100, IF(n % 7 = 0, NULL, CONCAT('order ', n, ' ☕')),"
            + " TIMESTAMP('2026-01-01') + INTERVAL n SECOND + INTERVAL n % 1000 MICROSECOND,"
            + " JSON_OBJECT('n', n, 'tags', JSON_ARRAY('a', n % 3)) FROM seq");
  }

  private static List<String> writes() {
    return List.of(
        "UPDATE orders SET status = 'paid', amount = amount + 1 WHERE id = {id}",
        "UPDATE orders SET note = '{s}', payload = JSON_OBJECT('w', '{s}') WHERE id = {id}",
        "INSERT INTO orders VALUES ({id}, {n}, 'new', {n} / 100, '{s}', NOW(6), NULL)"
            + " ON DUPLICATE KEY UPDATE amount = VALUES(amount)",
        "DELETE FROM orders WHERE id = {id}",
        "UPDATE orders SET id = {id2} WHERE id = {id}");
  }
}
