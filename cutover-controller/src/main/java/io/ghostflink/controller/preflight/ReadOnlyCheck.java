package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * A read-only server (a replica given by mistake, or a primary being switched over): refused first.
 * Its refusal of the preflight's scratch table came out as "MySQL refuses the ALTER …; fix
 * --alter", and a user whose privileges pass {@code read_only} would have migrated on a replica.
 */
public final class ReadOnlyCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    String readOnly = f.settings().readOnly();
    if (readOnly.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "the server is read-only ("
            + readOnly
            + " = ON): it is a replica, or a primary being switched over; ghostflink changes "
            + f.table()
            + " on its primary: give --host and --port of the primary");
  }
}
