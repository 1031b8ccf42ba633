package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.GhostDml.TAG;
import static io.ghostflink.operators.sql.Identifiers.quote;
import static io.ghostflink.operators.sql.Identifiers.quoteAll;

import io.ghostflink.operators.model.TableRef;
import java.util.List;
import java.util.StringJoiner;

/**
 * The controller's statements: creating and dropping the migration tables, the cut-over's locks and
 * rename, and the reads it decides on. The user's ALTER clause is the one piece of text taken as
 * given: MySQL itself validates it, on a scratch table first.
 */
public final class MigrationDdl {
  /** What MySQL says when it cannot do an ALTER with the requested algorithm. */
  public static final int ER_ALTER_OPERATION_NOT_SUPPORTED = 1845;

  public static final int ER_ALTER_OPERATION_NOT_SUPPORTED_REASON = 1846;

  public static final String UNLOCK_TABLES = "UNLOCK TABLES";

  /** Column: the server's {@code gtid_mode} (OFF, OFF_PERMISSIVE, ON_PERMISSIVE, ON). */
  public static final String GTID_MODE = "SELECT " + TAG + " @@global.gtid_mode";

  /** Columns: File, Position, Binlog_Do_DB, Binlog_Ignore_DB, Executed_Gtid_Set. */
  public static final String SHOW_MASTER_STATUS = "SHOW " + TAG + " MASTER STATUS";

  /**
   * Columns: log_bin, binlog_format, binlog_row_image, gtid_mode, version; for the preflight
   * checks.
   */
  public static final String SERVER_SETTINGS =
      "SELECT "
          + TAG
          + " @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image,"
          + " @@global.gtid_mode, @@version, @@global.read_only, @@global.super_read_only";

  /**
   * Column: the server's {@code binlog_transaction_compression} (MySQL 8.0.20 and later; older
   * servers answer error 1193, unknown variable).
   */
  public static final String BINLOG_TRANSACTION_COMPRESSION =
      "SELECT " + TAG + " @@global.binlog_transaction_compression";

  /** Column: the server's {@code binlog_row_value_options} ("" or "PARTIAL_JSON"). */
  public static final String BINLOG_ROW_VALUE_OPTIONS =
      "SELECT " + TAG + " @@global.binlog_row_value_options";

  /**
   * The sessions whose changes the binlog reader cannot read (at most 5 of each kind). Columns:
   * their id, user and host, the variable and its value: {@code binlog_row_value_options} with
   * PARTIAL_JSON (updates of JSON columns logged as partial updates), {@code binlog_format} other
   * than ROW (changes logged as statements).
   */
  public static final String UNREADABLE_SESSIONS =
      "SELECT "
          + TAG
          + " t.PROCESSLIST_ID, t.PROCESSLIST_USER, t.PROCESSLIST_HOST, v.VARIABLE_NAME,"
          + " v.VARIABLE_VALUE"
          + " FROM performance_schema.variables_by_thread v JOIN performance_schema.threads t"
          + " ON t.THREAD_ID = v.THREAD_ID WHERE (v.VARIABLE_NAME = 'binlog_row_value_options'"
          + " AND v.VARIABLE_VALUE LIKE '%PARTIAL_JSON%') OR (v.VARIABLE_NAME = 'binlog_format'"
          + " AND v.VARIABLE_VALUE <> 'ROW') LIMIT 10";

  /**
   * Columns: how many transactions the server has written to its binlog compressed since it started
   * (or the table was truncated), and whether performance_schema, which counts them, is on.
   */
  public static final String COMPRESSED_TRANSACTIONS =
      "SELECT "
          + TAG
          + " (SELECT IFNULL(SUM(TRANSACTION_COUNTER), 0)"
          + " FROM performance_schema.binary_log_transaction_compression_stats"
          + " WHERE LOG_TYPE = 'BINARY' AND COMPRESSION_TYPE <> 'NONE'), @@performance_schema";

  /**
   * Column 2: how many {@code XA ROLLBACK}s the server ran since it started (performance_schema's
   * status tables leave the {@code Com_} counters out).
   */
  public static final String XA_ROLLBACKS = "SHOW " + TAG + " GLOBAL STATUS LIKE 'Com_xa_rollback'";

  /**
   * Parameters: "./database/table.ibd" and "./database/table#p#%" (a partitioned table's files), in
   * InnoDB's naming. Column: the least id of the table's tablespaces (a file per table), or NULL.
   * information_schema.FILES reads the data dictionary's list of files: 20 ms with 10,000 tables,
   * where INNODB_TABLES opens every table's definition (4 s; docs/benchmarks.md, session 21).
   */
  public static final String TABLESPACE_ID =
      "SELECT "
          + TAG
          + " MIN(FILE_ID) FROM information_schema.FILES WHERE FILE_NAME = ? OR FILE_NAME LIKE ?";

  /**
   * Parameters: a regular expression that takes a file name's table part as group 1, and one for
   * the files of one table in InnoDB's naming, "^\\./database/table(#p#.*)?\\.ibd$". One row per
   * table whose files match: its file name without partition and suffix, and the least id of its
   * tablespaces. Matched case-sensitively.
   */
  public static final String TABLESPACES_MATCHING =
      "SELECT "
          + TAG
          + " REGEXP_REPLACE(FILE_NAME, ?, '$1') AS t, MIN(FILE_ID) FROM information_schema.FILES"
          + " WHERE REGEXP_LIKE(FILE_NAME, ?, 'c') GROUP BY t";

  /**
   * Parameter: a regular expression for "database/table" in InnoDB's naming. Columns: the InnoDB
   * table id of each table that matches, case-sensitively.
   */
  public static final String INNODB_TABLE_IDS_MATCHING =
      "SELECT "
          + TAG
          + " TABLE_ID FROM information_schema.INNODB_TABLES WHERE REGEXP_LIKE(NAME, ?, 'c')";

  /** Parameter: "database/table" in InnoDB's naming. Column: the table's InnoDB table id. */
  public static final String INNODB_TABLE_ID =
      "SELECT " + TAG + " TABLE_ID FROM information_schema.INNODB_TABLES WHERE NAME = ?";

  /** Column 2: how many {@code TRUNCATE TABLE}s the server ran since it started. */
  public static final String TRUNCATES = "SHOW " + TAG + " GLOBAL STATUS LIKE 'Com_truncate'";

  /** Column 1: the binlog files the server still has. */
  public static final String SHOW_BINARY_LOGS = "SHOW " + TAG + " BINARY LOGS";

  public static final String SHOW_GRANTS = "SHOW " + TAG + " GRANTS FOR CURRENT_USER()";

  /** Parameters: database, table. Columns: the estimated row count, the storage engine. */
  public static final String TABLE_STATUS =
      "SELECT "
          + TAG
          + " TABLE_ROWS, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND"
          + " TABLE_NAME = ?";

  /** Parameters: database, table. Column: the names of the table's triggers. */
  public static final String TRIGGERS =
      "SELECT "
          + TAG
          + " TRIGGER_NAME FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND"
          + " EVENT_OBJECT_TABLE = ?";

  /**
   * Parameters: database, table, database, table. Columns: constraint, child table, parent table;
   * foreign keys from the table and to it.
   */
  public static final String FOREIGN_KEYS =
      "SELECT "
          + TAG
          + " CONSTRAINT_NAME, CONCAT(TABLE_SCHEMA, '.', TABLE_NAME),"
          + " CONCAT(REFERENCED_TABLE_SCHEMA, '.', REFERENCED_TABLE_NAME) FROM"
          + " information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL AND"
          + " ((TABLE_SCHEMA = ? AND TABLE_NAME = ?) OR (REFERENCED_TABLE_SCHEMA = ? AND"
          + " REFERENCED_TABLE_NAME = ?))";

  /** Parameters: database, table. Column: 1 when the table exists. */
  public static final String TABLE_EXISTS =
      "SELECT "
          + TAG
          + " COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

  /** Parameter: a connection id. Columns: the session's state and its statement. */
  public static final String SESSION_STATE =
      "SELECT " + TAG + " STATE, INFO FROM information_schema.PROCESSLIST WHERE ID = ?";

  /**
   * Parameters: a connection id, database, table. Column: how many metadata locks that session is
   * waiting for on the table (performance_schema).
   */
  public static final String PENDING_TABLE_LOCKS =
      "SELECT "
          + TAG
          + " COUNT(*) FROM performance_schema.metadata_locks m JOIN performance_schema.threads th"
          + " ON m.OWNER_THREAD_ID = th.THREAD_ID WHERE th.PROCESSLIST_ID = ? AND"
          + " m.OBJECT_TYPE = 'TABLE' AND m.OBJECT_SCHEMA = ? AND m.OBJECT_NAME = ? AND"
          + " m.LOCK_STATUS = 'PENDING'";

  public static final String CONNECTION_ID = "SELECT CONNECTION_ID()";

  /** The magic table's comment: how a resume tells it from an old table renamed there. */
  public static final String MAGIC_COMMENT = "ghostflink cut-over magic table";

  /** Parameters: database, table. Column: the table's comment. */
  public static final String TABLE_COMMENT =
      "SELECT "
          + TAG
          + " TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

  /** Parameter: a statement's text. Column: the ids of the sessions running it. */
  public static final String SESSIONS_RUNNING =
      "SELECT " + TAG + " ID FROM information_schema.PROCESSLIST WHERE INFO = ?";

  /**
   * Makes this session's information_schema read tables' statistics, {@code AUTO_INCREMENT} among
   * them, from InnoDB itself: by default MySQL 8.0 answers from a cache up to a day old.
   */
  public static final String FRESH_TABLE_STATISTICS =
      "SET SESSION information_schema_stats_expiry = 0";

  /**
   * Parameters: database, table. Column: the next value the table's AUTO_INCREMENT column would
   * take, NULL when it has none. Current only after {@link #FRESH_TABLE_STATISTICS} on the session.
   */
  public static final String AUTO_INCREMENT =
      "SELECT "
          + TAG
          + " AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

  /** Parameter: a lock name. Column: the connection id holding it, or NULL. */
  public static final String LOCK_HOLDER = "SELECT " + TAG + " IS_USED_LOCK(?)";

  private MigrationDdl() {}

  public static String createLike(TableRef table, TableRef like) {
    return "CREATE TABLE " + TAG + " " + quote(table) + " LIKE " + quote(like);
  }

  // a table option or a partition's: the directory of its tablespace file, outside the datadir
  private static final java.util.regex.Pattern DATA_DIRECTORY =
      java.util.regex.Pattern.compile("\\bDATA DIRECTORY\\s*=\\s*'((?:[^'\\\\]|''|\\\\.)*)'");

  /** The first {@code DATA DIRECTORY} a {@code SHOW CREATE TABLE} names, or null for none. */
  public static String dataDirectory(String definition) {
    java.util.regex.Matcher m = DATA_DIRECTORY.matcher(definition);
    return m.find() ? m.group(1).replace("''", "'") : null;
  }

  // a CHECK constraint's name, at the start of its line of a SHOW CREATE TABLE
  private static final java.util.regex.Pattern CHECK_NAME =
      java.util.regex.Pattern.compile("(?m)^(\\s*)CONSTRAINT `(?:[^`]|``)+` (CHECK )");

  /**
   * {@link #createLike(TableRef, TableRef)}, unless {@code likeDefinition} (the {@code SHOW CREATE
   * TABLE} of {@code like}) places the table's file in a {@code DATA DIRECTORY}: {@code LIKE} drops
   * that, and InnoDB ignores it in an {@code ALTER TABLE}, so the new table would live in the data
   * directory, where MySQL's own ALTER keeps it where it was. Then the statement is that definition
   * under the new name, its CHECK constraints left unnamed as {@code LIKE} leaves them (MySQL
   * generates {@code <table>_chk_<n>}: the names are unique per database).
   */
  public static String createLike(TableRef table, TableRef like, String likeDefinition) {
    if (dataDirectory(likeDefinition) == null) {
      return createLike(table, like);
    }
    String head = "CREATE TABLE " + quote(like.table()) + " (";
    if (!likeDefinition.startsWith(head)) {
      throw new IllegalArgumentException(
          "not the SHOW CREATE TABLE of " + like + ": " + likeDefinition.lines().findFirst());
    }
    String body = CHECK_NAME.matcher(likeDefinition.substring(head.length())).replaceAll("$1$2");
    return "CREATE TABLE " + TAG + " " + quote(table) + " (" + body;
  }

  /** The user's ALTER clause on {@code table}. */
  public static String alter(TableRef table, String clause) {
    return "ALTER TABLE " + TAG + " " + quote(table) + " " + clause;
  }

  /** The user's ALTER clause on {@code table}, refused by MySQL unless it can do it instantly. */
  public static String alterInstant(TableRef table, String clause) {
    return alter(table, clause) + ", ALGORITHM=INSTANT";
  }

  /**
   * Sets the table's next AUTO_INCREMENT value (MySQL raises a value below its rows' to theirs).
   */
  public static String setAutoIncrement(TableRef table, long next) {
    return alter(table, "AUTO_INCREMENT = " + next);
  }

  public static String dropIfExists(TableRef table) {
    return "DROP TABLE " + TAG + " IF EXISTS " + quote(table);
  }

  /** The magic table: its existence makes the cut-over's RENAME fail until it is dropped. */
  public static String createMagic(TableRef magic) {
    return "CREATE TABLE "
        + TAG
        + " "
        + quote(magic)
        + " (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB COMMENT='"
        + MAGIC_COMMENT
        + "'";
  }

  public static String lockTablesWrite(List<TableRef> tables) {
    return lockTables(tables, List.of());
  }

  /** {@code LOCK TABLES} of {@code write} for writing and {@code read} for reading. */
  public static String lockTables(List<TableRef> write, List<TableRef> read) {
    StringJoiner j = new StringJoiner(", ");
    write.forEach(t -> j.add(quote(t) + " WRITE"));
    read.forEach(t -> j.add(quote(t) + " READ"));
    return "LOCK TABLES " + j;
  }

  /** The atomic swap: original to magic's name, ghost to original's name. */
  public static String swap(TableRef original) {
    return "RENAME "
        + TAG
        + " TABLE "
        + quote(original)
        + " TO "
        + quote(original.magic())
        + ", "
        + quote(original.ghost())
        + " TO "
        + quote(original);
  }

  /** How long this session's metadata locks wait, in whole seconds (MySQL's unit). */
  public static String lockWaitTimeout(long seconds) {
    return "SET SESSION lock_wait_timeout = " + Math.max(1, seconds);
  }

  /**
   * Keeps the session busy (and its table locks held) for {@code duration}, even after its client
   * is gone; {@code KILL QUERY} ends it early without an error.
   */
  public static String holdFor(java.time.Duration duration) {
    return String.format(java.util.Locale.ROOT, "DO SLEEP(%.3f)", duration.toMillis() / 1000.0);
  }

  /** The PROCESSLIST state of a session inside {@link #holdFor}. */
  public static final String HOLDING_STATE = "User sleep";

  public static String kill(long connectionId) {
    return "KILL " + connectionId;
  }

  /** Parameters: database, table. Column: the names of the table's indexes. */
  public static final String INDEX_NAMES =
      "SELECT "
          + TAG
          + " DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
          + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

  /** Rows: one per replica connected to this server (as a source). */
  public static final String REPLICAS = "SHOW REPLICAS";

  /**
   * An online build of indexes ({@code ADD KEY …} clauses) on {@code table}: other sessions keep
   * writing to it while it runs.
   */
  public static String addIndexesOnline(TableRef table, String addClauses) {
    return alter(table, addClauses + ", ALGORITHM=INPLACE, LOCK=NONE");
  }

  /**
   * One sort thread for this session's index builds (MySQL 8.0.27+; 4 by default): on a server that
   * serves writers the build takes one core, not four. Its sort buffer is 64 MB instead of MySQL's
   * 1 MB, held only while the build runs: fewer merge passes built a 10M-row table's index in 10.8
   * s instead of 15.8 (docs/benchmarks.md, session 18).
   */
  public static final String ONE_DDL_THREAD =
      "SET SESSION innodb_ddl_threads = 1, innodb_ddl_buffer_size = 67108864";

  public static String killQuery(long connectionId) {
    return "KILL QUERY " + connectionId;
  }

  /**
   * Up to {@code limit} values of {@code columns} shared by more than one row, with counts. A row
   * with NULL in one of {@code nullable} (the columns whose key column in the new table takes NULL)
   * collides with none: a unique index does not hold it, as MySQL's own ALTER would not.
   */
  public static String duplicates(
      TableRef table, List<String> columns, List<String> nullable, int limit) {
    StringJoiner notNull = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
    nullable.forEach(c -> notNull.add(quote(c) + " IS NOT NULL"));
    return "SELECT "
        + TAG
        + " "
        + quoteAll(columns)
        + ", COUNT(*) FROM "
        + quote(table)
        + notNull
        + " GROUP BY "
        + quoteAll(columns)
        + " HAVING COUNT(*) > 1 LIMIT "
        + limit;
  }
}
