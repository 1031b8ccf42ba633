package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * GTIDs are preferred but not required: without them the job follows the binlog by file and
 * position, which does not survive a failover to a replica, and a binlog connection opened again
 * inside a statement (the client's keepalive, after 5 s without an event: the apply's back-pressure
 * is enough) restarts the binlog task from the last checkpoint, where by GTID set the server sends
 * the transaction again from its start (docs/operations.md, "When the binlog connection ends").
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
            + " statement restarts the job's binlog reader from its last checkpoint");
  }
}
