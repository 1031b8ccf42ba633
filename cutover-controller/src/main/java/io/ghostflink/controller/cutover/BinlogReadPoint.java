package io.ghostflink.controller.cutover;

import io.ghostflink.controller.progress.ProgressReader;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Where the binlog the job reads stands: the source's own, or that of a replica of it (a move's
 * {@code --source-replica-host}). Positions of the job's applied point are positions in that
 * binlog, so every drain point is read there; on a replica, only once it holds what the source had
 * committed.
 */
public final class BinlogReadPoint {
  private final ServerAddress replica;
  private final String database;
  private final Duration timeout;

  /**
   * @param replica the replica the job reads, or null when it reads the source
   * @param timeout how long a replica may take to catch up with the source
   */
  public BinlogReadPoint(ServerAddress replica, String database, Duration timeout) {
    this.replica = replica;
    this.database = database;
    this.timeout = timeout;
  }

  /** The job reads the source's own binlog. */
  public static BinlogReadPoint source() {
    return new BinlogReadPoint(null, null, Duration.ZERO);
  }

  /**
   * A position of the read binlog before which every transaction the source had committed when this
   * is called (on {@code sourceSession}) is written.
   *
   * @throws TimeoutException the replica did not catch up within the timeout
   */
  public long after(Connection sourceSession) throws SQLException, TimeoutException {
    if (replica == null) {
      return ProgressReader.sourcePosition(sourceSession);
    }
    String executed = executed(sourceSession);
    try (Connection r = Connections.open(replica, database)) {
      try (PreparedStatement ps = r.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")) {
        ps.setString(1, executed);
        ps.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) != 0) {
            throw new TimeoutException(
                "the replica "
                    + replica.host()
                    + ":"
                    + replica.port()
                    + " had not applied the source's transactions within "
                    + timeout.toMillis()
                    + " ms");
          }
        }
      }
      return ProgressReader.sourcePosition(r);
    }
  }

  /**
   * A look at the read binlog's server: its executed GTID set, then its binlog position. Every
   * transaction of the set is written in the binlog before the position.
   */
  public Look look(Connection sourceSession) throws SQLException {
    if (replica == null) {
      return new Look(executed(sourceSession), ProgressReader.sourcePosition(sourceSession));
    }
    try (Connection r = Connections.open(replica, database)) {
      return new Look(executed(r), ProgressReader.sourcePosition(r));
    }
  }

  /** A read server's executed GTID set and its binlog position read after it. */
  public record Look(String gtids, long position) {}

  private static String executed(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@global.gtid_executed")) {
      rs.next();
      return rs.getString(1).replace("\n", "");
    }
  }
}
