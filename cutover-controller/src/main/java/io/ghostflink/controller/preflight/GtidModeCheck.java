package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * GTIDs are preferred but not required: without them the job follows the binlog by file and
 * position, which does not survive a failover to a replica, and where the binlog client opens its
 * connection again inside a statement (its keepalive, after 5 s without an event: the apply's
 * back-pressure is enough) Debezium drops the rest of it, having forgotten the statement's table
 * map; the checksum before the swap finds and copies those rows again (docs/operations.md, "When
 * the binlog connection ends").
 */
public final class GtidModeCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    return Optional.empty();
  }

  @Override
  public Optional<String> note(TableFacts f) {
    if ("ON".equalsIgnoreCase(f.settings().gtidMode())) {
      return Optional.of("binlog read by GTID set, positions by file/offset (gtid_mode=ON)");
    }
    return Optional.of(
        "gtid_mode is "
            + f.settings().gtidMode()
            + ": the binlog is followed by file and position only; a primary failover during the"
            + " migration means starting over, and a binlog connection opened again inside a"
            + " statement misses the rest of it, which the checksum before the swap copies again:"
            + " do not use --skip-checksum");
  }
}
