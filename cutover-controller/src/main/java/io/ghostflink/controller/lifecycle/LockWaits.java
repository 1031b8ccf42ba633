package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.concurrent.DaemonThreads;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when one of ghostflink's own sessions on a server has waited for long on a lock another
 * session holds, and which session holds it. A backup tool's {@code LOCK INSTANCE FOR BACKUP}
 * (xtrabackup, MySQL Enterprise Backup: held for the whole backup) or {@code FLUSH TABLES WITH READ
 * LOCK} blocks every DDL statement of the migration (its trial ALTER, its tables, its index builds,
 * its cut-over) for as long as the backup runs; without this, a migration started during a nightly
 * backup sat in PREFLIGHT, or in CUTOVER, without a word, until the backup ended.
 */
final class LockWaits implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LockWaits.class);

  /** A wait this long is said; the cut-over's own waits are shorter (--cut-over-lock-timeout). */
  static final Duration SAY_AFTER = Duration.ofSeconds(5);

  /** A wait that goes on is said again this often. */
  static final Duration SAY_EVERY = Duration.ofSeconds(30);

  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  // the sessions that connected as ghostflink (Connections' program_name) and wait on a lock
  private static final String WAITING =
      "SELECT p.ID, p.TIME, p.STATE, LEFT(p.INFO, 200) FROM performance_schema.processlist p"
          + " JOIN performance_schema.session_connect_attrs a ON a.PROCESSLIST_ID = p.ID"
          + " WHERE a.ATTR_NAME = 'program_name' AND a.ATTR_VALUE = ?"
          + " AND p.STATE IN ('Waiting for backup lock', 'Waiting for global read lock',"
          + " 'Waiting for commit lock', 'Waiting for table metadata lock') AND p.TIME >= ?";

  // who holds a server-wide lock: the backup lock, or the global read lock of FTWRL
  private static final String HOLDER =
      "SELECT t.PROCESSLIST_ID FROM performance_schema.metadata_locks m"
          + " JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID"
          + " WHERE m.OBJECT_TYPE = ? AND m.LOCK_TYPE = 'SHARED' AND m.LOCK_STATUS = 'GRANTED'"
          + " AND t.PROCESSLIST_ID IS NOT NULL LIMIT 1";

  private final ServerAddress server;
  private final Consumer<String> say;
  private final ScheduledExecutorService timer;
  private final Map<Lock, Long> saidAt = new EnumMap<>(Lock.class);
  private Connection connection;

  private LockWaits(ServerAddress server, Consumer<String> say) {
    this.server = server;
    this.say = say;
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lock-waits"));
  }

  /** Watches ghostflink's sessions on {@code server} until closed. */
  static LockWaits watch(ServerAddress server, Consumer<String> say) {
    LockWaits w = new LockWaits(server, say);
    w.timer.scheduleWithFixedDelay(
        w::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  private void check() {
    try {
      if (connection == null) { // a failed reading closed it
        connection = Connections.open(server, "");
      }
      List<Waiter> waiters = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(WAITING)) {
        ps.setString(1, Connections.PROGRAM_NAME);
        ps.setLong(2, SAY_AFTER.toSeconds());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            waiters.add(new Waiter(Lock.of(rs.getString(3)), rs.getLong(2), rs.getString(4)));
          }
        }
      }
      long now = System.nanoTime();
      Map<Lock, List<Waiter>> byLock = byLock(waiters);
      saidAt.keySet().retainAll(byLock.keySet()); // a wait that ended is said anew if it recurs
      for (Map.Entry<Lock, List<Waiter>> e : byLock.entrySet()) {
        Long last = saidAt.get(e.getKey());
        if (last == null || now - last >= SAY_EVERY.toNanos()) {
          saidAt.put(e.getKey(), now);
          Lock lock = e.getKey();
          String holder = lock.objectType == null ? null : holder(lock.objectType);
          say.accept(describe(e.getValue(), holder, server));
        }
      }
    } catch (SQLException e) {
      if (MysqlErrors.isUnreadable(e)) {
        // no SELECT on performance_schema, or performance_schema off: nothing to watch with
        LOG.info("lock waits on {} are not watched: {}", server, e.getMessage());
        timer.shutdown();
      } else {
        LOG.debug("lock waits not read: {}", e.getMessage()); // the server restarting
      }
      Connections.closeQuietly(connection);
      connection = null;
    }
  }

  /** What a waiting session waits for, as the processlist's state names it. */
  enum Lock {
    BACKUP(
        "the backup lock (LOCK INSTANCE FOR BACKUP, which backup tools hold while they copy)",
        "BACKUP LOCK"),
    GLOBAL_READ(
        "the global read lock (FLUSH TABLES WITH READ LOCK, which backup tools take)", "GLOBAL"),
    TABLE("a table's metadata lock another session holds (a long transaction, DDL)", null);

    private final String said;
    // performance_schema.metadata_locks' OBJECT_TYPE of the lock's holder, if it is server-wide
    private final String objectType;

    Lock(String said, String objectType) {
      this.said = said;
      this.objectType = objectType;
    }

    static Lock of(String state) {
      return switch (state) {
        case "Waiting for backup lock" -> BACKUP;
        case "Waiting for global read lock", "Waiting for commit lock" -> GLOBAL_READ;
        default -> TABLE;
      };
    }
  }

  /** One of ghostflink's sessions waiting: on what, for how many seconds, in which statement. */
  record Waiter(Lock lock, long seconds, String statement) {}

  /**
   * The waiters by the lock they wait for, each list longest wait first: one backup holding the
   * global read lock stops every session of the job that writes, and is said once, not once each.
   */
  static Map<Lock, List<Waiter>> byLock(List<Waiter> waiters) {
    Map<Lock, List<Waiter>> byLock = new EnumMap<>(Lock.class);
    for (Waiter w : waiters) {
      byLock.computeIfAbsent(w.lock(), l -> new ArrayList<>()).add(w);
    }
    byLock.values().forEach(l -> l.sort(Comparator.comparingLong(Waiter::seconds).reversed()));
    return byLock;
  }

  /** The line for the sessions waiting on one lock, longest wait first; {@code holder} if known. */
  static String describe(List<Waiter> waiting, String holder, ServerAddress server) {
    Waiter longest = waiting.get(0);
    String who =
        waiting.size() == 1
            ? "a ghostflink session has waited "
            : waiting.size() + " ghostflink sessions have waited up to ";
    return who
        + longest.seconds()
        + " s for "
        + longest.lock().said
        + (holder == null ? "" : ", held by MySQL connection " + holder)
        + ", on "
        + server.host()
        + ":"
        + server.port()
        + ": "
        + (longest.statement() == null ? "" : longest.statement().replaceAll("\\s+", " "))
        + "; the migration goes on once it is released";
  }

  private String holder(String objectType) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(HOLDER)) {
      ps.setString(1, objectType);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Long.toString(rs.getLong(1)) : null;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Connections.closeQuietly(connection);
  }
}
