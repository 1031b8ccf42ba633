package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server whose time zone is not UTC: its system clock in Europe/Berlin (daylight saving time),
 * {@code time_zone} {@code SYSTEM} as MySQL has it by default, or a global offset. Such a server
 * could not be migrated at all (Flink CDC's reader refused a zone other than the one it was given),
 * and MySQL's own ALTER converts between TIMESTAMP and the other temporal types, and fills a new
 * {@code DATETIME DEFAULT CURRENT_TIMESTAMP}, in the server's zone, where ghostflink's sessions run
 * in UTC. The migration must give what MySQL's ALTER gives, and keep every TIMESTAMP instant, the
 * hour repeated in autumn included.
 */
class ServerTimeZoneIT {
  private static final int ROWS = 4000;

  /** 2026-10-25 00:00:00 UTC: in Berlin 02:00 CEST, an hour later 02:00 CET again. */
  private static final long AUTUMN_FOLD = 1_792_886_400L;

  private static final String ALTER =
      "MODIFY ts DATETIME(3), MODIFY dt TIMESTAMP NULL, MODIFY shown VARCHAR(30),"
          + " ADD COLUMN c DATETIME DEFAULT CURRENT_TIMESTAMP, ADD COLUMN x INT";

  private static MysqlServer berlin;

  @BeforeAll
  static void start() {
    berlin =
        MysqlServer.start(MysqlServerSpec.named("tz-berlin").withSystemTimeZone("Europe/Berlin"));
  }

  @AfterAll
  static void stop() {
    if (berlin != null) {
      berlin.close();
    }
  }

  static Stream<Arguments> zones() {
    return Stream.of(CopyMode.values())
        .flatMap(mode -> Stream.of(Arguments.of(mode, "SYSTEM"), Arguments.of(mode, "+05:30")));
  }

  /**
   * Values in winter and in summer (not the repeated hour, which MySQL's own ALTER moves) of a
   * TIMESTAMP changed to DATETIME and to VARCHAR, of a DATETIME changed to TIMESTAMP, and a new
   * {@code DATETIME DEFAULT CURRENT_TIMESTAMP}, under writes: the rows are the rows MySQL's ALTER
   * makes of the old table, and the new column holds the server's local time.
   */
  @ParameterizedTest(name = "--copy {0}, time_zone {1}")
  @MethodSource("zones")
  void conversionsAndNewDefaultsAreMadeInTheServersZone(CopyMode mode, String zone)
      throws Exception {
    TestDatabase db = TestDatabase.create(berlin, "tz_" + mode + "_" + zone.replaceAll("\\W", ""));
    TestDatabase.create(berlin, "tz_global")
        .execute("SET GLOBAL time_zone = '" + zone + "'"); // sessions from now on start in it
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, ts TIMESTAMP(3) NULL, dt DATETIME NULL,"
            + " shown TIMESTAMP NULL, keep TIMESTAMP(6) NULL, v INT)",
        "SET SESSION time_zone = '+00:00', SESSION cte_max_recursion_depth = 100000",
        // a row every 6 hours from 2026-01-01 03:00 UTC on: winter and summer, never within the
        // two hours of UTC the repeated hour spans; the DATETIMEs are wall clocks at half past 0,
        // 6, 12 and 18, never in the hour the spring change skips
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n"
            + " < "
            + ROWS
            + ") SELECT n, FROM_UNIXTIME(1767236400 + n * 21600 + 0.125),"
            + " '2026-01-01 00:30:00' + INTERVAL n * 6 HOUR,"
            + " FROM_UNIXTIME(1767236400 + n * 21600 + 3600), FROM_UNIXTIME(1767236400 + n * 21600"
            + " + 0.5), n FROM seq");
    List<String> writes =
        List.of(
            "UPDATE t SET ts = ts + INTERVAL 1 DAY, v = {n} WHERE id = {id}",
            "UPDATE t SET dt = dt - INTERVAL 3 DAY, shown = shown + INTERVAL 7 DAY WHERE id = {id}",
            "DELETE FROM t WHERE id = {id}",
            "INSERT INTO t VALUES ({id}, NOW(3), NOW(), UTC_TIMESTAMP(), '2026-06-01 10:00:00', {n})"
                + " ON DUPLICATE KEY UPDATE v = v + 1");
    try {
      Migrations.migrateUnderWritesAsMysqlWould(
          db,
          berlin,
          options(db, berlin, "t", ALTER, mode),
          ALTER,
          Workload.scripted(db, writes, ROWS, 4, 300, 47),
          100);
      // the new column was filled during the migration, in the server's local time
      assertThat(
              db.scalar(
                  "SELECT COUNT(*) FROM t WHERE c IS NULL OR ABS(TIMESTAMPDIFF(MINUTE, c, NOW())) >"
                      + " 10"))
          .as("rows whose new DATETIME DEFAULT CURRENT_TIMESTAMP is not the local time")
          .isEqualTo(0L);
    } finally {
      db.execute("SET GLOBAL time_zone = 'SYSTEM'");
    }
  }

  /**
   * TIMESTAMPs of the hour repeated in autumn (two instants each local time names twice), in the
   * table's key and out of it, copied and changed under writes: each row keeps its instants. MySQL
   * 8.0 copies a TIMESTAMP through the session zone's wall clock, in its own ALTER too, and there
   * they would become one instant.
   */
  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void theRepeatedAutumnHourKeepsItsInstants(CopyMode mode) throws Exception {
    TestDatabase db = TestDatabase.create(berlin, "tz_fold_" + mode);
    db.execute(
        "CREATE TABLE t (id INT NOT NULL, at TIMESTAMP NOT NULL, keep TIMESTAMP(6) NULL, v INT,"
            + " PRIMARY KEY (id, at))",
        "SET SESSION time_zone = '+00:00', SESSION cte_max_recursion_depth = 100000",
        // a row a second over the two hours from 00:00 UTC: every local time twice
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n"
            + " < "
            + ROWS
            + ") SELECT n, FROM_UNIXTIME("
            + AUTUMN_FOLD
            + " + n * 2), FROM_UNIXTIME("
            + AUTUMN_FOLD
            + " + 7200 - n + 0.25), n FROM seq");
    List<String> writes =
        List.of(
            "UPDATE t SET keep = keep + INTERVAL 1 HOUR, v = {n} WHERE id = {id}",
            "UPDATE t SET keep = keep - INTERVAL 1 HOUR WHERE id = {id}",
            "DELETE FROM t WHERE id = {id}",
            "INSERT INTO t VALUES ({id}, FROM_UNIXTIME("
                + AUTUMN_FOLD
                + " + {id}), FROM_UNIXTIME("
                + AUTUMN_FOLD
                + " + 3600 + {n} % 3600 + 0.75), {n}) ON DUPLICATE KEY UPDATE v = v + 1");
    try (Workload workload =
        Workload.scripted(
            db, writes, List.of("SET SESSION time_zone = '+00:00'"), ROWS, 4, 300, 53)) {
      new MigrationController(
              options(
                  db,
                  berlin,
                  "t",
                  "MODIFY v BIGINT, MODIFY keep TIMESTAMP(3) NULL, ADD COLUMN x INT",
                  mode),
              MigrationListener.NONE,
              Migrations.beforeFirstCutover(workload::close))
          .execute();
      assertThat(workload.committed()).isGreaterThan(100);
    }
    assertThat(db.scalar("SELECT COUNT(*) FROM t"))
        .isEqualTo(db.scalar("SELECT COUNT(*) FROM _t_del"));
    assertThat(
            db.scalar(
                "SELECT COUNT(*) FROM t n JOIN _t_del o ON n.id = o.id AND UNIX_TIMESTAMP(n.at) ="
                    + " UNIX_TIMESTAMP(o.at) WHERE UNIX_TIMESTAMP(n.keep) <=>"
                    + " UNIX_TIMESTAMP(o.keep) AND n.v <=> o.v"))
        .as("rows with the old table's instants")
        .isEqualTo(db.scalar("SELECT COUNT(*) FROM _t_del"));
  }
}
