package io.ghostflink.controller.lifecycle;

import io.ghostflink.operators.jdbc.ServerAddress;
import java.time.Duration;

/**
 * Where {@code ghostflink move} takes the table (docs/move-tables.md).
 *
 * @param server the target server; never the source server
 * @param database the target database (the source's by default); created if missing
 * @param drainTimeout how long the cut-over waits, with writes to the table refused, for the job to
 *     apply the source's drain GTID set before it renames the table back
 * @param sourceReplica a replica of the source (with {@code log_replica_updates}) the job reads the
 *     rows and the binlog from, as gh-ost prefers; null to read the source itself
 * @param moreTables the other tables of the source database moved with the first, by the same job
 *     and in the same cut-over (one RENAME of them all)
 */
public record MoveTarget(
    ServerAddress server,
    String database,
    Duration drainTimeout,
    ServerAddress sourceReplica,
    java.util.List<String> moreTables) {
  /** A move of one table that reads the source itself. */
  public MoveTarget(ServerAddress server, String database, Duration drainTimeout) {
    this(server, database, drainTimeout, null, java.util.List.of());
  }

  /** A move of one table. */
  public MoveTarget(
      ServerAddress server, String database, Duration drainTimeout, ServerAddress sourceReplica) {
    this(server, database, drainTimeout, sourceReplica, java.util.List.of());
  }

  public MoveTarget {
    moreTables = moreTables == null ? java.util.List.of() : java.util.List.copyOf(moreTables);
    if (server == null) {
      throw new IllegalArgumentException("--target-host is missing");
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("--target-database is empty");
    }
    if (drainTimeout.toMillis() < 100 || drainTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("--drain-timeout must be between 100ms and 10m");
    }
  }
}
