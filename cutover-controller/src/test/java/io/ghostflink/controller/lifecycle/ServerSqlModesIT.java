package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Servers whose global {@code sql_mode} ghostflink's sessions inherited in full. {@code
 * NO_BACKSLASH_ESCAPES} failed the apply of every JSON value ("Cannot create a JSON value from a
 * string with CHARACTER SET 'binary'", said to be refused by MySQL's own ALTER too), and {@code
 * ANSI_QUOTES} made {@code SHOW CREATE TABLE} quote names as ghostflink does not read them. {@code
 * TRADITIONAL}, listed by MySQL beside the modes it stands for, brought back the zero-date modes
 * ghostflink leaves out, and every zero date failed the copy. The user's ALTER is still read in the
 * server's modes, as a DBA's session reads it.
 */
@ExtendWith(MysqlExtension.class)
class ServerSqlModesIT {
  private static final int ROWS = 3_000;

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aServerThatReadsQuotesAndBackslashesOtherwise(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    // under NO_BACKSLASH_ESCAPES, 'C:\\temp' holds both backslashes, as a DBA's ALTER reads it
    String alter = "ADD COLUMN p VARCHAR(20) NOT NULL DEFAULT 'C:\\\\temp', MODIFY s VARCHAR(80)";
    withGlobalMode(
        db,
        "ANSI_QUOTES,NO_BACKSLASH_ESCAPES,PIPES_AS_CONCAT,STRICT_TRANS_TABLES,"
            + "NO_ENGINE_SUBSTITUTION",
        () -> {
          db.execute(
              "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(50), j JSON, u VARCHAR(30),"
                  + " UNIQUE KEY (u))",
              "SET SESSION cte_max_recursion_depth = 100000",
              "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                  + " WHERE n < "
                  + ROWS
                  + ") SELECT n, CONCAT('a\\b''', n), JSON_OBJECT('k', CONCAT('\\', n)),"
                  + " CONCAT('u\\', n) FROM seq");
          List<String> writes =
              List.of(
                  "UPDATE t SET s = CONCAT('\\''', '{s}'), j = JSON_OBJECT('k', '{s}\\')"
                      + " WHERE id = {id}",
                  "DELETE FROM t WHERE id = {id}",
                  "INSERT INTO t VALUES ({id}, 'i\\', JSON_ARRAY('\\', {n}), CONCAT('u\\', {id}))"
                      + " ON DUPLICATE KEY UPDATE u = CONCAT(u, '\\')");
          migrateUnderWrites(db, mysql, mode, alter, writes, 43);
          assertThat(
                  db.scalar(
                      "SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                          + " AND TABLE_NAME = 't' AND COLUMN_NAME = 'p'",
                      db.name()))
              .as("the ALTER read as the server reads it")
              .isEqualTo("C:\\\\temp");
        });
  }

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void aTraditionalServerKeepsTheZeroDatesATableHolds(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    String alter = "MODIFY d DATETIME NULL, ADD COLUMN x INT NOT NULL DEFAULT 1";
    withGlobalMode(
        db,
        "TRADITIONAL",
        () -> {
          db.execute(
              "SET SESSION sql_mode = ''",
              "CREATE TABLE t (id INT PRIMARY KEY, d DATE, v INT)",
              "SET SESSION cte_max_recursion_depth = 100000",
              "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                  + " WHERE n < "
                  + ROWS
                  + ") SELECT n, IF(n % 3 = 0, '0000-00-00', IF(n % 3 = 1, '2024-00-10',"
                  + " '2024-05-06')), n FROM seq");
          List<String> writes =
              List.of(
                  "UPDATE t SET v = {n} WHERE id = {id}",
                  "DELETE FROM t WHERE id = {id}",
                  "INSERT INTO t VALUES ({id}, '2025-01-02', {n}) ON DUPLICATE KEY UPDATE v = v + 1");
          migrateUnderWrites(db, mysql, mode, alter, writes, 47);
          assertThat(
                  db.scalar("SELECT COUNT(*) FROM t WHERE CAST(d AS CHAR) = '0000-00-00 00:00:00'"))
              .as("zero dates kept")
              .isNotEqualTo(0L);
        });
  }

  // t altered under writers running writes, compared with MySQL's own ALTER
  private static void migrateUnderWrites(
      TestDatabase db,
      MysqlInstance mysql,
      CopyMode mode,
      String alter,
      List<String> writes,
      long seed)
      throws Exception {
    Migrations.migrateUnderWritesAsMysqlWould(
        db,
        "t",
        mysql,
        Migrations.withoutChecksum(options(db, mysql, "t", alter, mode)),
        alter,
        Workload.scripted(db, writes, ROWS, 4, 300, seed),
        100);
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void withGlobalMode(TestDatabase db, String mode, Body body) throws Exception {
    Object before = db.scalar("SELECT @@GLOBAL.sql_mode");
    db.execute("SET GLOBAL sql_mode = '" + mode + "'");
    try {
      body.run();
    } finally {
      db.execute("SET GLOBAL sql_mode = '" + before + "'");
    }
  }
}
