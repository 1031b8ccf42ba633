package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;

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
 * Rows of a few hundred kilobytes (documents, images) on a server whose {@code max_allowed_packet}
 * is 4 MB, while the application rewrites 41 of them in one transaction: the stream copy's
 * multi-row {@code INSERT}s and the apply's multi-row {@code REPLACE}s must each stay within the
 * packet, whatever the number of rows (Connector/J refused a 100-row copy statement of 21 MB,
 * "Packet for query is too large", and the migration failed). Values full of quotes, backslashes
 * and zero bytes, which the statement's text escapes to twice their size.
 */
@ExtendWith(MysqlExtension.class)
class LargeRowsIT {
  static final int ROWS = 400;
  private static final long PACKET = 4L << 20;
  private static final String ALTER = "ADD COLUMN x INT";

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void rowsOfHundredsOfKilobytesFitTheServersPacket(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    largeRowsTable(db);
    try (SmallPacket small = new SmallPacket(db)) {
      Migrations.migrateUnderWritesAsMysqlWould(
          db, mysql, options(db, mysql, "t", ALTER, mode), ALTER, largeRowWrites(db), 10);
    }
  }

  /** {@code t}: {@value #ROWS} rows of about 210 KB, full of quotes, backslashes and zero bytes. */
  static void largeRowsTable(TestDatabase db) {
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, doc MEDIUMTEXT, img MEDIUMBLOB, n INT)",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT n, REPEAT(CONCAT(CHAR(97 + n % 26), '''\\\\'), 50000),"
            + " REPEAT(UNHEX('00FF27'), 20000 + n), 0 FROM seq");
  }

  /** Writers of {@link #largeRowsTable}, one transaction in four rewriting 41 of its rows. */
  static Workload largeRowWrites(TestDatabase db) {
    return Workload.scripted(
        db,
        List.of(
            "UPDATE t SET doc = REPEAT(CONCAT(CHAR(65 + {n} % 26), '\\\\'''), 40000 + {n} % 999),"
                + " n = n + 1 WHERE id BETWEEN {id} AND {id} + 40",
            "UPDATE t SET img = REPEAT(UNHEX('5C00'), 30000 + {n} % 999) WHERE id = {id}",
            "INSERT INTO t VALUES ({id} + 1000, REPEAT('''', 100000), UNHEX('00'), 0)"
                + " ON DUPLICATE KEY UPDATE n = n + 1",
            "DELETE FROM t WHERE id = {id} + 1000"),
        ROWS,
        2,
        8,
        5);
  }

  /** The rows of {@link #largeRowsTable} by digest, in key order. */
  static List<List<Object>> digests(TestDatabase db, String table) {
    return db.query("SELECT id, MD5(doc), MD5(img), n FROM `" + table + "` ORDER BY id");
  }

  /** A server's {@code max_allowed_packet} at 4 MB for the sessions that connect until closed. */
  static final class SmallPacket implements AutoCloseable {
    private final TestDatabase db;
    private final Object was;

    SmallPacket(TestDatabase db) {
      this.db = db;
      this.was = db.scalar("SELECT @@GLOBAL.max_allowed_packet");
      db.execute("SET GLOBAL max_allowed_packet = " + PACKET);
    }

    @Override
    public void close() {
      db.execute("SET GLOBAL max_allowed_packet = " + was);
    }
  }
}
