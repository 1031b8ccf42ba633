package io.ghostflink.controller.lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of one migration as a user sees them in the progress line, logs and status, with the
 * transitions allowed between them declared in one place.
 */
public enum MigrationPhase {
  PREFLIGHT,
  PREPARE,
  COPY,
  APPLY,
  /** The ghost table compared with the original, every row, before the swap. */
  CHECKSUM,
  CUTOVER,
  CLEANUP,
  DONE,
  /** Stopped with a savepoint; a resume continues from it (in a new process or this one). */
  PAUSED,
  FAILED,
  ABORTED;

  /** The phases this one may move to. */
  public Set<MigrationPhase> next() {
    switch (this) {
      case PREFLIGHT:
        // CLEANUP: a resume that finds the swap already done by the run before it, or an ALTER
        // MySQL did INSTANT (--attempt-instant-ddl)
        return EnumSet.of(PREPARE, CLEANUP, FAILED, ABORTED);
      case PREPARE:
        return EnumSet.of(COPY, FAILED, ABORTED);
      case COPY:
        return EnumSet.of(APPLY, PAUSED, FAILED, ABORTED);
      case APPLY:
        return EnumSet.of(CHECKSUM, CUTOVER, PAUSED, FAILED, ABORTED);
      case CHECKSUM:
        // APPLY: the consistent point was not reached this time, or a pause was asked for
        return EnumSet.of(CUTOVER, APPLY, FAILED, ABORTED);
      case CUTOVER:
        // a failed cut-over attempt leaves the original intact and goes back to applying
        return EnumSet.of(APPLY, CLEANUP, FAILED, ABORTED);
      case CLEANUP:
        return EnumSet.of(DONE, FAILED);
      default:
        return EnumSet.noneOf(MigrationPhase.class);
    }
  }

  /** {@code to}, when this phase may move there; otherwise an exception naming both. */
  public MigrationPhase moveTo(MigrationPhase to) {
    if (!next().contains(to)) {
      throw new IllegalStateException("a migration cannot go from " + this + " to " + to);
    }
    return to;
  }

  public boolean isFinal() {
    return next().isEmpty();
  }
}
