package io.ghostflink.job;

import io.debezium.connector.mysql.antlr.MySqlAntlrDdlParser;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.relational.Tables;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time work of the embedded job's start that does not need the job: done on a thread of its
 * own while the controller prepares, not while the copy runs.
 *
 * <p>The binlog reader learns the table's columns by parsing its {@code CREATE TABLE} with
 * Debezium's MySQL grammar. The first parse in a JVM builds that grammar's tables (its lexer's and
 * parser's ATN, then the prediction cache): about half a CPU-second, which the job's start spent in
 * the copy's first second, on cores the copy's MySQL sessions were using (docs/benchmarks.md,
 * session 24). The grammar's tables are static, so one parse here serves the job's reader, which
 * runs in this JVM's MiniCluster from the same class loader. Preparing the migration (its checks,
 * the ghost table, the MiniCluster's start) keeps about one core busy, and this takes the other.
 */
public final class EmbeddedWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWarmup.class);
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  /** The kinds of column and key a table has most often, so the prediction cache learns them. */
  static final String TABLE =
      "CREATE TABLE `ghostflink_warmup` ("
          + " `id` bigint unsigned NOT NULL AUTO_INCREMENT,"
          + " `k` int NOT NULL DEFAULT '0',"
          + " `c` char(120) COLLATE utf8mb4_bin NOT NULL DEFAULT '',"
          + " `name` varchar(255) CHARACTER SET utf8mb4 DEFAULT NULL,"
          + " `amount` decimal(12,2) NOT NULL DEFAULT '0.00',"
          + " `state` enum('new','done') NOT NULL DEFAULT 'new',"
          + " `body` text,"
          + " `doc` json DEFAULT NULL,"
          + " `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
          + " `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
          + " PRIMARY KEY (`id`),"
          + " UNIQUE KEY `name_uq` (`name`),"
          + " KEY `k_idx` (`k`,`created_at`)"
          + ") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci";

  private EmbeddedWarmup() {}

  /** Starts the warm-up once per JVM, on a daemon thread; a later call does nothing. */
  public static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(EmbeddedWarmup::parse, "ghostflink-warmup");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Parses {@link #TABLE} as the binlog reader parses a table's definition; returns the columns it
   * understood (0 when the parse failed: the job then pays the first parse itself, as before).
   */
  static int parse() {
    try {
      Tables tables = new Tables();
      new MySqlAntlrDdlParser().parse(TABLE, tables);
      Table t = tables.forTable(new TableId(null, null, "ghostflink_warmup"));
      return t == null ? 0 : t.columns().size();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("The warm-up of the binlog reader's grammar failed: {}", e.toString());
      return 0;
    }
  }
}
