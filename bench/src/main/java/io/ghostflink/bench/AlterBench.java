package io.ghostflink.bench;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lifecycle.MigrationListener;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.lifecycle.MigrationSummary;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.mysql.Database;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The benchmark behind docs/benchmarks.md, all in one session on one embedded MySQL 8.0, so the
 * figures are ratios against baselines measured next to them:
 *
 * <ol>
 *   <li>row copy: MySQL's own {@code ALTER TABLE ... ALGORITHM=COPY} (and INPLACE) on a
 *       sysbench-shaped table, against ghostflink migrating an identical table, idle;
 *   <li>the same ghostflink migration while writers run;
 *   <li>cut-over lock: writers' blocked time over several migrations of a busy smaller table.
 * </ol>
 *
 * Usage: {@code AlterBench [rows] [lockSamples] [outputFile]}.
 */
public final class AlterBench {
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 0";

  private final Database db;
  private final ServerAddress address;
  private final Path stateDir;
  private final List<String> report = new ArrayList<>();
  private int serverId = 9100;

  private AlterBench(MysqlServer server, Path stateDir) {
    this.db = Database.create(server, "bench");
    this.address =
        new ServerAddress(server.host(), server.port(), server.user(), server.password());
    this.stateDir = stateDir;
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int lockSamples = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Path out = Path.of(args.length > 2 ? args[2] : "bench/results/latest.md");
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "ghostflink-bench");
    MysqlServer server =
        MysqlServer.start(MysqlServerSpec.named("bench").withBaseDir(work.resolve("mysql")));
    try {
      AlterBench bench = new AlterBench(server, work.resolve("state"));
      bench.line("# ghostflink benchmark, " + LocalDateTime.now().withNano(0));
      bench.line("");
      bench.line(
          "Machine: "
              + Runtime.getRuntime().availableProcessors()
              + " cores, JVM max heap "
              + Runtime.getRuntime().maxMemory() / (1 << 20)
              + " MB; MySQL 8.0.31 embedded (testkit), sysbench-shaped table of "
              + rows
              + " rows; ALTER: "
              + ALTER);
      bench.line("");
      bench.copy(rows);
      bench.line("");
      bench.cutOverLock(lockSamples);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.write(out, bench.report);
      System.out.println("written to " + out);
    } finally {
      server.closeAndDelete();
    }
  }

  private void copy(int rows) throws Exception {
    line("## Row copy (idle table unless said)");
    line("");
    line("| run | time (s) | rows/s | ratio to ALGORITHM=COPY |");
    line("|---|---|---|---|");
    double copySeconds = nativeAlter(rows, "COPY");
    double copyRate = rows / copySeconds;
    line(
        String.format(
            "| MySQL ALTER ALGORITHM=COPY | %.1f | %.0f | 1.00 |", copySeconds, copyRate));
    double inplaceSeconds = nativeAlter(rows, "INPLACE");
    line(
        String.format(
            "| MySQL ALTER ALGORITHM=INPLACE | %.1f | %.0f | %.2f |",
            inplaceSeconds, rows / inplaceSeconds, (rows / inplaceSeconds) / copyRate));
    for (int[] run : new int[][] {{1, 10_000}, {2, 10_000}, {2, 50_000}, {4, 10_000}}) {
      MigrationSummary s = ghostflink(rows, run[0], run[1], 0);
      line(
          String.format(
              "| ghostflink, parallelism %d, chunks of %d: copy phase (total %.1f s) | %.1f | %.0f | %.2f |",
              run[0],
              run[1],
              s.total().toMillis() / 1000.0,
              s.copyTime().toMillis() / 1000.0,
              s.copyRowsPerSecond(),
              s.copyRowsPerSecond() / copyRate));
    }
    MigrationSummary busy = ghostflink(rows, 2, 10_000, 4);
    line(
        String.format(
            "| ghostflink, parallelism 2, 4 writers at ~400 tx/s (%d changes applied) | %.1f | %.0f | %.2f |",
            busy.changesApplied(),
            busy.copyTime().toMillis() / 1000.0,
            busy.copyRowsPerSecond(),
            busy.copyRowsPerSecond() / copyRate));
  }

  private void cutOverLock(int samples) throws Exception {
    line("## Cut-over lock under 4 writers (" + samples + " migrations of a 50,000-row table)");
    line("");
    List<Long> locks = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      MigrationSummary s = ghostflink(50_000, 2, 5_000, 4);
      locks.add(s.cutOverLockTime().toMillis());
      attempts.add(s.cutOverAttempts());
    }
    List<Long> sorted = new ArrayList<>(locks);
    Collections.sort(sorted);
    line("| samples (ms) | median (ms) | max (ms) | attempts |");
    line("|---|---|---|---|");
    line(
        String.format(
            "| %s | %d | %d | %s |",
            locks, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), attempts));
  }

  private double nativeAlter(int rows, String algorithm) {
    table("native", rows);
    long start = System.nanoTime();
    db.execute("ALTER TABLE native " + ALTER + ", ALGORITHM=" + algorithm);
    double seconds = (System.nanoTime() - start) / 1e9;
    db.execute("DROP TABLE native");
    System.out.printf("native %s: %.1f s%n", algorithm, seconds);
    return seconds;
  }

  private MigrationSummary ghostflink(int rows, int parallelism, int chunk, int writers)
      throws Exception {
    table("sb", rows);
    MigrationOptions options =
        new MigrationOptions(
            address,
            new TableRef("bench", "sb"),
            ALTER,
            true,
            parallelism,
            chunk,
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ofSeconds(3),
            10,
            Duration.ofMillis(1500),
            true,
            true,
            true,
            stateDir,
            serverId++,
            CopyMode.SERVER,
            ThrottleSettings.DEFAULTS,
            true,
            io.ghostflink.controller.hooks.HookSettings.NONE,
            null);
    MigrationSummary summary;
    if (writers == 0) {
      summary =
          new MigrationController(options, MigrationListener.NONE, CutoverHook.NONE).execute();
    } else {
      try (Workload workload = Workload.start(db, "sb", 2L * rows, writers, 400, serverId)) {
        summary =
            new MigrationController(options, MigrationListener.NONE, CutoverHook.NONE).execute();
      }
    }
    db.execute("DROP TABLE sb");
    System.out.println(
        "ghostflink p="
            + parallelism
            + " chunk="
            + chunk
            + " writers="
            + writers
            + ": "
            + summary.describe());
    return summary;
  }

  private void table(String name, int rows) {
    db.execute(
        "DROP TABLE IF EXISTS " + name,
        "CREATE TABLE "
            + name
            + " (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY k_idx (k))",
        "SET SESSION cte_max_recursion_depth = 100000000",
        "INSERT INTO "
            + name
            + " WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < "
            + rows
            + ") SELECT n * 2, n % 100000, REPEAT(MD5(n), 3), LEFT(REPEAT(SHA1(n), 2), 60) FROM seq");
  }

  private void line(String text) {
    report.add(text);
    System.out.println(text);
  }
}
