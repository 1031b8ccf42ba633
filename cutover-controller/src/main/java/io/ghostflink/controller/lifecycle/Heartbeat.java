package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.concurrent.DaemonThreads;
import io.ghostflink.controller.throttle.CommitLatencyGuard;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the changelog table: a heartbeat row every interval, which reaches the job through the
 * binlog and moves its watermark while the original table is idle; the phase row; and the cut-over
 * sentinel. One connection, reopened after a failure.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final ServerAddress server;
  private final TableRef changelog;
  private final ScheduledExecutorService timer;
  private Connection connection;

  /** How long this connection's commits take, from the first: the commit-latency guard's input. */
  private final CommitLatencyGuard commits = new CommitLatencyGuard();

  private Heartbeat(ServerAddress server, TableRef changelog) {
    this.server = server;
    this.changelog = changelog;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("changelog-heartbeat"));
  }

  public static Heartbeat start(ServerAddress server, TableRef changelog, Duration interval) {
    Heartbeat h = new Heartbeat(server, changelog);
    h.timer.scheduleWithFixedDelay(h::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return h;
  }

  private void beat() {
    try {
      write(ChangelogSql.HEARTBEAT, Instant.now().toString());
    } catch (SQLException e) {
      LOG.warn("heartbeat not written ({}); retrying", e.getMessage());
    }
  }

  /** The guard this heartbeat's commits are recorded in, since it started (before the copy). */
  public CommitLatencyGuard commits() {
    return commits;
  }

  /** Writes one changelog hint now; synchronized with the heartbeat. */
  public synchronized void write(String hint, String value) throws SQLException {
    try {
      if (connection == null || connection.isClosed()) {
        connection = Connections.open(server, changelog.database());
      }
      try (PreparedStatement ps = connection.prepareStatement(ChangelogSql.write(changelog))) {
        ps.setString(1, hint);
        ps.setString(2, value);
        long start = System.nanoTime();
        ps.executeUpdate(); // autocommit: the statement's time includes its commit
        long end = System.nanoTime();
        commits.record(end, end - start);
      }
    } catch (SQLException e) {
      closeConnection();
      throw e;
    }
  }

  private synchronized void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // reopened at the next write
      }
      connection = null;
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
    closeConnection();
  }
}
