package io.ghostflink.controller.lock;

import io.ghostflink.controller.concurrent.DaemonThreads;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration lock (seed 000): {@code GET_LOCK('ghostflink::db.table', 0)} on a dedicated pinned
 * connection, plus gh-ost's lock name for the same table so the two tools exclude each other. A
 * keepalive pings the connection and checks it still owns the locks; when it does not, the
 * migration is told to abort before any rename. MySQL releases the locks if the session dies.
 */
public final class MigrationLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
  private static final int MAX_LOCK_NAME = 64;

  private final Connection connection;
  private final long connectionId;
  private final List<String> names;
  private final ScheduledExecutorService keepalive;
  private final AtomicBoolean held = new AtomicBoolean(true);
  private final Runnable onLost;
  private final ServerBoot boot;

  private MigrationLock(
      Connection connection,
      long connectionId,
      List<String> names,
      Runnable onLost,
      Duration interval,
      ServerBoot boot) {
    this.connection = connection;
    this.connectionId = connectionId;
    this.names = names;
    this.onLost = onLost;
    this.boot = boot;
    this.keepalive =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("migration-lock-keepalive"));
    keepalive.scheduleWithFixedDelay(
        this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The lock names ghostflink and gh-ost use for {@code table}. */
  public static List<String> names(TableRef table) {
    return List.of(name("ghostflink", table), name("gh-ost", table));
  }

  static String name(String prefix, TableRef table) {
    String name = prefix + "::" + table.database() + "." + table.table();
    return name.length() <= MAX_LOCK_NAME ? name : sha1(name);
  }

  /**
   * Takes the locks or fails at once, naming the holder's connection id.
   *
   * @param onLost run once, from the keepalive thread, when the locks are no longer ours
   */
  public static MigrationLock acquire(
      ServerAddress server, TableRef table, Runnable onLost, Duration keepaliveInterval)
      throws SQLException, MigrationLockHeldException {
    Connection c =
        DriverManager.getConnection(server.jdbcUrl(""), server.user(), server.password());
    try {
      long id = queryLong(c, "SELECT CONNECTION_ID()");
      List<String> names = names(table);
      for (String name : names) {
        if (queryLong(c, "SELECT GET_LOCK(?, 0)", name) != 1) {
          long holder = queryLong(c, "SELECT COALESCE(IS_USED_LOCK(?), 0)", name);
          queryLong(c, "SELECT RELEASE_ALL_LOCKS()");
          c.close();
          throw new MigrationLockHeldException(
              "table "
                  + table
                  + " is being migrated already: MySQL connection "
                  + holder
                  + " holds the lock '"
                  + name
                  + "'; wait for that migration to end, or stop it (KILL "
                  + holder
                  + ")");
        }
      }
      LOG.info("Migration lock {} taken on connection {}", names, id);
      return new MigrationLock(c, id, names, onLost, keepaliveInterval, ServerBoot.read(server, c));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The MySQL connection id that holds the locks. */
  public long connectionId() {
    return connectionId;
  }

  /** When the server holding the lock had started, as the lock was taken. */
  public ServerBoot boot() {
    return boot;
  }

  /** False once the keepalive found the session gone or the locks taken by another session. */
  public boolean isHeld() {
    return held.get();
  }

  /**
   * Asks the server now whether the locks are still ours (the keepalive asks only every interval);
   * the cut-over calls this right before the step after which the swap can happen.
   */
  public boolean verifyHeld() {
    check();
    return held.get();
  }

  private void check() {
    if (!held.get()) {
      return;
    }
    try {
      synchronized (connection) {
        for (String name : names) {
          if (queryLong(connection, "SELECT COALESCE(IS_USED_LOCK(?), 0)", name) != connectionId) {
            throw new SQLException(
                "lock '" + name + "' is no longer held by connection " + connectionId);
          }
        }
      }
    } catch (SQLException e) {
      if (held.compareAndSet(true, false)) {
        LOG.error("Migration lock lost ({}); the migration must abort", e.getMessage());
        onLost.run();
      }
    }
  }

  /** Releases the locks and closes the pinned connection. */
  @Override
  public void close() {
    keepalive.shutdownNow();
    synchronized (connection) {
      try {
        if (held.get()) {
          queryLong(connection, "SELECT RELEASE_ALL_LOCKS()");
        }
      } catch (SQLException e) {
        LOG.debug("releasing the migration lock: {}", e.getMessage());
      } finally {
        held.set(false);
        try {
          connection.close();
        } catch (SQLException ignored) {
          // the session is gone: MySQL released its locks
        }
      }
    }
  }

  private static long queryLong(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
