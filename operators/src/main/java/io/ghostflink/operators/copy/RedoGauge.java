package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How full the InnoDB redo log of the server the copy writes to is: its checkpoint age (the redo
 * not yet covered by a checkpoint, {@code Innodb_redo_log_logical_size}) over its capacity ({@code
 * Innodb_redo_log_capacity_resized}), both from MySQL 8.0.30.
 *
 * <p>Why the copy watches it: a copy writes redo faster than the page cleaner flushes at its
 * background pace. When the checkpoint age nears the capacity, InnoDB flushes synchronously and
 * every writer's commit waits for it: on the writers bench, 260–320 ms seconds every few seconds of
 * a 1M-row copy (docs/benchmarks.md). Holding new chunks below a ratio keeps the server in its
 * adaptive flushing, and the copy then goes at the pace the server flushes.
 *
 * <p>It reads, too, how many rows the sessions other than ghostflink's (told apart by their {@code
 * program_name} connection attribute) have changed, from performance_schema's statement summaries:
 * when none changes any, nobody waits on the flush and the copy is not held ({@link OtherWriters}).
 */
public final class RedoGauge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedoGauge.class);
  static final String AGE = "Innodb_redo_log_logical_size";
  static final String CAPACITY = "Innodb_redo_log_capacity_resized";

  private static final String FILL =
      "SELECT (SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME = '"
          + AGE
          + "'), (SELECT VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME"
          + " = '"
          + CAPACITY
          + "')";

  // statements whose rows-affected figures hold every row a session changes: plain, prepared
  // (binary protocol and SQL), and inside stored programs
  private static final String WRITES =
      "'statement/sql/insert', 'statement/sql/update', 'statement/sql/delete',"
          + " 'statement/sql/replace', 'statement/sql/insert_select', 'statement/sql/replace_select',"
          + " 'statement/sql/update_multi', 'statement/sql/delete_multi', 'statement/sql/load',"
          + " 'statement/com/Execute', 'statement/sql/execute_sql', 'statement/sp/stmt',"
          + " 'statement/sql/call_procedure'";

  // the statements an application's writers wait on: their latency is what they feel
  private static final String WRITERS_WAIT_ON = WRITES + ", 'statement/sql/commit'";

  // the threads of ghostflink's sessions connected now: FROM ... WHERE, for a list or a subquery
  private static final String OUR_THREADS_NOW =
      " FROM performance_schema.threads t"
          + " JOIN performance_schema.session_connect_attrs a ON a.PROCESSLIST_ID ="
          + " t.PROCESSLIST_ID"
          + " WHERE a.ATTR_NAME = 'program_name' AND a.ATTR_VALUE = '"
          + Connections.PROGRAM_NAME
          + "'";

  /**
   * ghostflink's sessions' threads, as a list of ids (1); whether performance_schema is blind to
   * some sessions (2: instruments or consumers turned off, sessions not instrumented, connection
   * attributes not kept).
   */
  private static final String OUR_THREADS =
      "SELECT (SELECT GROUP_CONCAT(t.THREAD_ID)"
          + OUR_THREADS_NOW
          + "), (SELECT COUNT(*) FROM performance_schema.setup_instruments WHERE NAME IN ("
          + WRITERS_WAIT_ON
          + ") AND (ENABLED = 'NO' OR TIMED = 'NO'))"
          + " + (SELECT COUNT(*) FROM performance_schema.setup_consumers"
          + " WHERE NAME IN ('global_instrumentation', 'thread_instrumentation') AND ENABLED = 'NO')"
          + " + (SELECT COUNT(*) FROM performance_schema.threads"
          + " WHERE TYPE = 'FOREGROUND' AND INSTRUMENTED = 'NO')"
          // this very session must be found as ghostflink's: where connection attributes are not
          // kept (performance_schema_session_connect_attrs_size = 0), every ghostflink statement
          // would count as another session's
          + " + (NOT EXISTS (SELECT 1 FROM performance_schema.session_connect_attrs"
          + " WHERE PROCESSLIST_ID = CONNECTION_ID() AND ATTR_NAME = 'program_name'"
          + " AND ATTR_VALUE = '"
          + Connections.PROGRAM_NAME
          + "'))";

  // whether the statement history (each connected session's last ten statements) is kept
  private static final String HISTORY_KEPT =
      "(SELECT ENABLED FROM performance_schema.setup_consumers"
          + " WHERE NAME = 'events_statements_history')";

  // the server's timer now, in picoseconds: the end so far of this very statement
  private static final String TIMER_NOW =
      "(SELECT TIMER_END FROM performance_schema.events_statements_current"
          + " WHERE THREAD_ID = (SELECT THREAD_ID FROM performance_schema.threads"
          + " WHERE PROCESSLIST_ID = CONNECTION_ID()))";

  // the statements in the history of the sessions still connected but ghostflink's (ours: their
  // thread ids, as read before this statement) that changed rows (h). A session's history
  // outlives, by a moment, its connection attributes and then its thread as it ends: a session of
  // ghostflink's that ends must not read as another's then, nor one that connected after ours was
  // read and wrote before the history was (a copy reader's first mark, at the copy's start): either
  // would read as another session's write of a moment ago, and keep the copy from counting the
  // server as silent for 10 s (OtherWriters.silent). So ghostflink's threads are those listed
  // before and those connected now, and a thread must still be there to count
  private static String othersWritesInHistory(String ours) {
    return " FROM performance_schema.events_statements_history h"
        + " JOIN performance_schema.threads ht ON ht.THREAD_ID = h.THREAD_ID"
        + " WHERE ht.PROCESSLIST_ID IS NOT NULL AND h.THREAD_ID NOT IN ("
        + ours
        + ") AND h.THREAD_ID NOT IN (SELECT t.THREAD_ID"
        + OUR_THREADS_NOW
        + ") AND h.ROWS_AFFECTED > 0 AND h.EVENT_NAME IN ("
        + WRITES
        + ")";
  }

  // the rows changed by the statements writers wait on, how many ran and their picoseconds
  private static final String SUMS =
      "IFNULL(SUM(SUM_ROWS_AFFECTED), 0), ' ', IFNULL(SUM(COUNT_STAR), 0), ' ',"
          + " IFNULL(SUM(SUM_TIMER_WAIT), 0)";

  // "rows statements picos"
  private static final String FIGURES = "(SELECT CONCAT(" + SUMS + ") FROM performance_schema.";

  // ghostflink's figures, and last how many of its threads they found: one whose session ended
  // after the list of them was read is not among them
  private static final String OUR_FIGURES =
      "(SELECT CONCAT(" + SUMS + ", ' ', COUNT(DISTINCT THREAD_ID)) FROM performance_schema.";

  /**
   * The fill (columns 1, 2); the figures of ghostflink's threads {@code ours} (3), the server's
   * (all sessions', also those gone: 4), and ghostflink's again (5). One of ghostflink's statements
   * that ends while the server's figures are read (a heartbeat, a chunk's mark, an applied change)
   * would show as another session's: ghostflink's figures are read before and after the server's,
   * and a reading where they differ says nothing of the others. Each figure is an index lookup
   * (performance_schema's summaries are keyed by thread and event name), so the three take
   * microseconds and such a reading is rare. A session of ghostflink's that connects after its
   * threads were read shows as another session's in that one reading. One that ends (a copy reader
   * that failed, a CLI's session) leaves its figures in the server's: the reading that finds it
   * gone takes what the others gained for its own ({@link #read}). {@code oursInHistory} adds the
   * threads of ghostflink's found at the reading before, whose sessions may be ending.
   */
  private static String fillAndOthers(String ours, String oursInHistory) {
    // the newest statement of another session that changed rows, among the last ten of each
    // session still connected (the statement history, on by default): whether the history is
    // kept; the server's timer now (this statement's end so far); that statement's end
    String newestWrite =
        ", "
            + HISTORY_KEPT
            + ", "
            + TIMER_NOW
            + ", (SELECT MAX(h.TIMER_END)"
            + othersWritesInHistory(oursInHistory)
            + ")";
    String oursFigures =
        OUR_FIGURES
            + "events_statements_summary_by_thread_by_event_name WHERE THREAD_ID IN ("
            + ours
            + ") AND EVENT_NAME IN ("
            + WRITERS_WAIT_ON
            + "))";
    return FILL
        + ", "
        + oursFigures
        + ", "
        + FIGURES
        + "events_statements_summary_global_by_event_name WHERE EVENT_NAME IN ("
        + WRITERS_WAIT_ON
        + ")), "
        + oursFigures
        + newestWrite;
  }

  private final ServerAddress server;
  // ghostflink's threads at the last reading of the others' figures, to tell when one has ended
  private Set<String> lastOurs = Set.of();
  // the others' figures (rows, statements, picoseconds) as last worked out (null: not yet), and
  // what is taken off them: the figures of ghostflink's sessions that ended, which the server's
  // summary keeps (a copy reader that failed, a CLI's session), and would otherwise read
  // as other sessions' writes
  private long[] lastOthers;
  private final long[] ended = new long[3];
  private Connection connection;
  private boolean unsupported;
  private boolean rowsUnknown;

  public RedoGauge(ServerAddress server) {
    this.server = server;
  }

  /** Whether {@code ratio} is a {@code --max-checkpoint-age-ratio}: from 0 (off) to under 1. */
  public static boolean isRatio(double ratio) {
    return ratio >= 0 && ratio < 1;
  }

  /**
   * An operator's {@code max-checkpoint-age-ratio=} value; empty when blank, not a number, or not
   * {@link #isRatio a ratio}.
   */
  public static OptionalDouble ratio(String value) {
    return CopyControls.number(value, RedoGauge::isRatio);
  }

  /**
   * One reading of the server: {@code fill} is the checkpoint age over the redo capacity, NaN where
   * the server has no such figures (before MySQL 8.0.30: the copy is then never held by it, as the
   * log says once). When {@code othersRead}: {@code otherRowsChanged} is how many rows sessions
   * other than ghostflink's have changed in all, {@code otherStatements} how many writes and
   * commits they ran, {@code otherStatementPicos} how long those took; each negative where it is
   * not known. {@code otherWriteAgeNanos} is how long ago the newest statement that changed rows in
   * the statement history of the other sessions still connected ended (it keeps each session's last
   * ten): {@link #NO_RECENT_WRITE} where none there did, negative where not known (the history is
   * not kept).
   */
  public record Reading(
      double fill,
      boolean othersRead,
      long otherRowsChanged,
      long otherStatements,
      long otherStatementPicos,
      long otherWriteAgeNanos) {

    /** {@code otherWriteAgeNanos} when no session still connected changed rows lately. */
    public static final long NO_RECENT_WRITE = Long.MAX_VALUE;

    /** A reading of the redo log alone. */
    public Reading(double fill) {
      this(fill, false, -1, -1, -1, -1);
    }

    /** A reading without the statement history ({@code otherWriteAgeNanos} unknown). */
    public Reading(
        double fill,
        boolean othersRead,
        long otherRowsChanged,
        long otherStatements,
        long otherStatementPicos) {
      this(fill, othersRead, otherRowsChanged, otherStatements, otherStatementPicos, -1);
    }
  }

  /**
   * Reads the server: its redo log, and what other sessions do there when {@code withOthers} (one
   * more query, for ghostflink's threads, and index lookups in the statement summaries).
   */
  public Reading read(boolean withOthers) throws SQLException {
    connect();
    long age;
    long capacity;
    // ghostflink's figures, the server's, ghostflink's again; null: not read
    String[] figures = null;
    String ours = null; // ghostflink's thread ids, comma-separated; null: not read
    long newestWrite = -1;
    try (Statement s = connection.createStatement()) {
      if (withOthers && !rowsUnknown) {
        ours = ours(s);
      }
      try (ResultSet rs =
          s.executeQuery(ours != null ? fillAndOthers(ours, withLastOurs(ours)) : FILL)) {
        rs.next();
        age = number(rs, 1);
        capacity = number(rs, 2);
        if (ours != null) {
          figures = new String[] {rs.getString(3), rs.getString(4), rs.getString(5)};
          newestWrite = newestWriteAge(rs.getString(6), rs.getString(7), rs.getString(8));
        }
      }
    } catch (SQLException e) {
      close();
      if (!rowsUnknown && e.getErrorCode() == MysqlErrors.TABLE_ACCESS_DENIED) {
        rowsUnknown = true;
        LOG.warn(
            "Row copy: cannot read performance_schema's statement summaries ({}); the copy is"
                + " held by the redo log whether or not other sessions write (GRANT SELECT ON"
                + " performance_schema.* lets it go on at full speed while nobody else writes)",
            e.getMessage());
        return read(withOthers);
      }
      throw e;
    }
    double fill = age / (double) capacity;
    if (age < 0 || capacity <= 0) {
      fill = Double.NaN;
      if (!unsupported) {
        unsupported = true;
        LOG.warn(
            "Row copy: the server has no {} (MySQL 8.0.30 and later do); the copy is not held by"
                + " its redo log",
            AGE);
      }
    }
    if (!withOthers) {
      return new Reading(fill);
    }
    if (figures == null || figures[0] == null || figures[1] == null) {
      return new Reading(fill, true, -1, -1, -1); // not readable: not known
    }
    Set<String> oursNow = new HashSet<>(java.util.Arrays.asList(ours.split(",")));
    if (!figures[0].equals(figures[2])) {
      // one of ghostflink's statements ended while the server's figures were read, and would
      // show as another session's: this reading says nothing of the others (a thread of ours
      // that ended before it is still looked for at the next one)
      Set<String> both = new HashSet<>(lastOurs);
      both.addAll(oursNow);
      lastOurs = both;
      return new Reading(fill);
    }
    String[] mine = figures[0].split(" ");
    String[] all = figures[1].split(" ");
    long[] others = new long[3];
    for (int i = 0; i < 3; i++) {
      others[i] = Long.parseLong(all[i]) - Long.parseLong(mine[i]);
    }
    boolean oneEnded = !oursNow.containsAll(lastOurs) || Long.parseLong(mine[3]) < oursNow.size();
    lastOurs = oursNow;
    long[] before = lastOthers;
    lastOthers = others;
    if (oneEnded && before != null) {
      // a session of ghostflink's ended since the last reading: its figures moved from ours to
      // the server's gone sessions'. What the others' figures gained since then is taken for it,
      // and this reading says nothing of the others: another session's writes in that quarter
      // second are missed, its next ones are not
      for (int i = 0; i < 3; i++) {
        ended[i] += others[i] - before[i];
      }
      return new Reading(fill);
    }
    return new Reading(
        fill, true, others[0] - ended[0], others[1] - ended[1], others[2] - ended[2], newestWrite);
  }

  /**
   * How many rows the sessions other than ghostflink's changed in the last {@code window}, as far
   * as the statement history of those still connected tells (their last ten statements each): a
   * session that wrote and disconnected is not there, nor the writes of one that ran ten statements
   * since. -1 when not known: the history is not kept, performance_schema is blind to some
   * sessions, or it cannot be read.
   */
  public long otherRowsInLast(java.time.Duration window) throws SQLException {
    connect();
    try (Statement s = connection.createStatement()) {
      String ours = ours(s);
      if (ours == null) {
        return -1;
      }
      try (ResultSet rs = s.executeQuery(inLast(ours, window.toNanos() * 1000))) {
        rs.next();
        return "YES".equals(rs.getString(1)) ? number(rs, 2) : -1;
      }
    } catch (SQLException e) {
      if (e.getErrorCode() == MysqlErrors.TABLE_ACCESS_DENIED) {
        return -1;
      }
      close();
      throw e;
    }
  }

  // whether the history is kept; the rows changed by the statements of sessions but ours (the
  // thread ids) that ended in the last picos of the server's timer (picoseconds)
  private static String inLast(String ours, long picos) {
    return "SELECT "
        + HISTORY_KEPT
        + ", (SELECT IFNULL(SUM(h.ROWS_AFFECTED), 0)"
        + othersWritesInHistory(ours)
        // added, not subtracted: the timer counts from the server's start and is unsigned, so
        // the difference is out of range in a server's first moments
        + " AND h.TIMER_END + "
        + picos
        + " >= "
        + TIMER_NOW
        + ")";
  }

  // ours (thread ids, comma-separated) and those of the last reading's that are not among them
  private String withLastOurs(String ours) {
    Set<String> all = new java.util.LinkedHashSet<>(java.util.Arrays.asList(ours.split(",")));
    all.addAll(lastOurs);
    return String.join(",", all);
  }

  // ghostflink's sessions' thread ids, comma-separated; null when performance_schema is blind to
  // some sessions (OUR_THREADS)
  private static String ours(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery(OUR_THREADS)) {
      rs.next();
      return number(rs, 2) == 0 ? rs.getString(1) : null;
    }
  }

  private void connect() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(server, ""); // no database: it reads the server's status
      try (Statement s = connection.createStatement()) {
        s.execute("SET SESSION group_concat_max_len = 1048576"); // every thread id of ours
      }
    }
  }

  // the age of another session's newest write in the history, from the history's consumer
  // (YES/NO), the timer now and that write's end (picoseconds); negative when not known
  static long newestWriteAge(String kept, String now, String newest) {
    if (!"YES".equals(kept) || now == null) {
      return -1;
    }
    if (newest == null) {
      return Reading.NO_RECENT_WRITE;
    }
    return Math.max(0, (Long.parseLong(now.strip()) - Long.parseLong(newest.strip())) / 1000);
  }

  // a status value or a sum; -1 when the server has none
  private static long number(ResultSet rs, int column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? -1 : Long.parseLong(value.strip());
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection); // reopened at the next reading
    connection = null;
  }
}
