package io.ghostflink.controller.lifecycle;

/**
 * The migration stopped before the swap; the original table is intact. The message is one line
 * saying what happened and what is left behind.
 */
public final class MigrationFailedException extends Exception {
  private final MigrationPhase phase;

  public MigrationFailedException(MigrationPhase phase, String message, Throwable cause) {
    super(message, cause);
    this.phase = phase;
  }

  /** FAILED, or ABORTED when the migration lock was lost. */
  public MigrationPhase phase() {
    return phase;
  }
}
