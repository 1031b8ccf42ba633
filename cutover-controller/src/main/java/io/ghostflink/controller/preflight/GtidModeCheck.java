package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * GTIDs are preferred but not required: without them the job follows the binlog by file and
 * position, which is exact on one server but does not survive a failover to a replica.
 */
public final class GtidModeCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    return Optional.empty();
  }

  @Override
  public Optional<String> note(TableFacts f) {
    if ("ON".equalsIgnoreCase(f.settings().gtidMode())) {
      return Optional.of("binlog positions: file/offset, with GTID sets recorded (gtid_mode=ON)");
    }
    return Optional.of(
        "gtid_mode is "
            + f.settings().gtidMode()
            + ": the binlog is followed by file and position only; a primary failover during the"
            + " migration means starting over");
  }
}
