package io.ghostflink.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A concurrent random write workload: transactions of one to three statements picked at random from
 * a list of templates. The default list works on a sysbench-shaped table {@code (id BIGINT PRIMARY
 * KEY, k INT, c VARCHAR, pad VARCHAR)}: inserts, updates, deletes and primary-key changes over ids
 * 1..maxId. Templates take placeholders filled with generated literals: {@code {id}} and {@code
 * {id2}} (ids in 1..maxId), {@code {n}} (an int), {@code {s}} (a short lowercase word); a template
 * may hold several statements separated by {@code " ;; "}, run in order with the same values. Lost
 * lock races and duplicate keys are part of the game and skipped; any other error stops the
 * workload and is rethrown by {@link #close()}.
 */
public final class Workload implements AutoCloseable {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(id2|id|n|s)}");

  /** The sysbench-shaped table's statements; {@code {table}} is replaced by the quoted name. */
  private static final List<String> SYSBENCH =
      List.of(
          "UPDATE {table} SET k = k + 1, c = '{s}' WHERE id = {id}",
          "UPDATE {table} SET k = k + 1, c = '{s}' WHERE id = {id}",
          "INSERT INTO {table} (id, k, c, pad) VALUES ({id}, {n}, '{s}', '{s}')"
              + " ON DUPLICATE KEY UPDATE k = VALUES(k), c = VALUES(c)",
          "DELETE FROM {table} WHERE id = {id}",
          "UPDATE {table} SET id = {id2} WHERE id = {id}");

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong committed = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private final java.util.Set<Integer> refusals =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean reconnects = new AtomicBoolean();
  private final AtomicLong lost = new AtomicLong();

  private Workload() {}

  /**
   * Starts {@code threads} writers on the sysbench-shaped {@code table}, together committing about
   * {@code transactionsPerSecond} transactions per second.
   */
  public static Workload start(
      Database db, String table, long maxId, int threads, int transactionsPerSecond, long seed) {
    List<String> statements = new ArrayList<>();
    SYSBENCH.forEach(s -> statements.add(s.replace("{table}", Database.quote(table))));
    return scripted(db, statements, maxId, threads, transactionsPerSecond, seed);
  }

  /** Starts writers running transactions of the given statement templates. */
  public static Workload scripted(
      Database db,
      List<String> statements,
      long maxId,
      int threads,
      int transactionsPerSecond,
      long seed) {
    return scripted(db, statements, List.of(), maxId, threads, transactionsPerSecond, seed);
  }

  /**
   * Starts writers running transactions of the given statement templates, each session first
   * running {@code sessionSetup} (a {@code SET SESSION sql_mode = …}, say).
   */
  public static Workload scripted(
      Database db,
      List<String> statements,
      List<String> sessionSetup,
      long maxId,
      int threads,
      int transactionsPerSecond,
      long seed) {
    Workload w = new Workload();
    long pauseMicros = 1_000_000L * threads / Math.max(1, transactionsPerSecond);
    for (int i = 0; i < threads; i++) {
      Random random = new Random(seed + i);
      Thread t =
          new Thread(
              () -> w.run(db, statements, sessionSetup, maxId, random, pauseMicros),
              "workload-" + db.name() + "-" + i);
      t.setDaemon(true);
      w.threads.add(t);
      t.start();
    }
    return w;
  }

  /**
   * Counts transactions failing with MySQL error {@code code} as refused instead of stopping the
   * workload (1146, no such table: writes to a table a move has renamed away).
   */
  public Workload refusing(int code) {
    refusals.add(code);
    return this;
  }

  /**
   * Connects again when a session is lost (its server restarted) instead of stopping: the
   * transaction that was open then may or may not have committed, and is not counted.
   */
  public Workload reconnecting() {
    reconnects.set(true);
    return this;
  }

  /** Sessions lost and connected again ({@link #reconnecting}). */
  public long reconnections() {
    return lost.get();
  }

  /** Transactions refused with one of the {@link #refusing} codes so far. */
  public long refused() {
    return refused.get();
  }

  /** Transactions committed so far. */
  public long committed() {
    return committed.get();
  }

  private void run(
      Database db,
      List<String> statements,
      List<String> sessionSetup,
      long maxId,
      Random random,
      long pauseMicros) {
    try {
      while (running.get()) {
        try {
          session(db, statements, sessionSetup, maxId, random, pauseMicros);
        } catch (SQLException e) {
          if (!reconnects.get() || !connectionLost(e)) {
            throw e;
          }
          lost.incrementAndGet();
          Thread.sleep(100); // the server restarts: connect again
        }
      }
    } catch (Throwable e) {
      failure.compareAndSet(null, e);
      running.set(false);
    }
  }

  // one session's transactions, until stopped or the connection is lost
  private void session(
      Database db,
      List<String> statements,
      List<String> sessionSetup,
      long maxId,
      Random random,
      long pauseMicros)
      throws SQLException, InterruptedException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String setup : sessionSetup) {
        s.execute(setup);
      }
      c.setAutoCommit(false);
      while (running.get()) {
        int ops = 1 + random.nextInt(3);
        try {
          for (int i = 0; i < ops; i++) {
            String filled = fill(statements.get(random.nextInt(statements.size())), random, maxId);
            for (String statement : filled.split(" ;; ")) {
              s.executeUpdate(statement);
            }
          }
          c.commit();
          committed.incrementAndGet();
        } catch (SQLException e) {
          if (connectionLost(e)) {
            throw e;
          }
          c.rollback();
          if (refusals.contains(e.getErrorCode())) {
            refused.incrementAndGet();
          } else if (!expected(e)) {
            throw e;
          }
        }
        if (pauseMicros > 0) {
          Thread.sleep(pauseMicros / 1000, (int) (pauseMicros % 1000) * 1000);
        }
      }
    }
  }

  // the session is gone (its server stopped, or cannot be reached); the same test as the
  // operators' MysqlErrors.isConnectionLost, which this module, below them, cannot call
  private static boolean connectionLost(SQLException e) {
    return e instanceof java.sql.SQLNonTransientConnectionException
        || e instanceof java.sql.SQLTransientConnectionException
        || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
  }

  static String fill(String template, Random random, long maxId) {
    // one id and one id2 per statement, so "tenant = {id} % 7 AND id = {id}" names one row
    String id = Long.toString(1 + (long) (random.nextDouble() * maxId));
    String id2 = Long.toString(1 + (long) (random.nextDouble() * maxId));
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "id" -> id;
            case "id2" -> id2;
            case "n" -> Integer.toString(random.nextInt(1_000_000));
            default -> text(random, 5 + random.nextInt(20));
          };
      m.appendReplacement(out, value);
    }
    m.appendTail(out);
    return out.toString();
  }

  // Duplicate key (a PK change onto a taken id), deadlock, lock wait timeout.
  private static boolean expected(SQLException e) {
    int code = e.getErrorCode();
    return code == 1062 || code == 1213 || code == 1205;
  }

  private static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  /** Stops the writers and waits for them; rethrows the first unexpected error. */
  @Override
  public void close() {
    running.set(false);
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("workload failed: " + t.getMessage(), t);
    }
  }
}
