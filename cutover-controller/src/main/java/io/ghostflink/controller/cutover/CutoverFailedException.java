package io.ghostflink.controller.cutover;

/**
 * A cut-over attempt failed at a step; the original table is intact and the attempt may be retried.
 */
public final class CutoverFailedException extends Exception {
  private final CutoverStep step;
  private final boolean drainTimedOut;

  public CutoverFailedException(CutoverStep step, String message, Throwable cause) {
    super("cut-over step " + step.number() + " " + step + " failed: " + message, cause);
    this.step = step;
    this.drainTimedOut = step == CutoverStep.AWAIT_DRAIN;
  }

  /** A move's cut-over step failed ({@link MoveCutover}); the source is as it was before it. */
  public CutoverFailedException(MoveCutover.Step step, String message, Throwable cause) {
    super("move cut-over step " + step.label() + " failed: " + message, cause);
    this.step = null;
    this.drainTimedOut = step == MoveCutover.Step.AWAIT_DRAIN_GTIDS;
  }

  /** The same-server step that failed; null for a move's. */
  public CutoverStep step() {
    return step;
  }

  /** Whether the attempt failed waiting for the job (which a dead job explains best). */
  public boolean drainTimedOut() {
    return drainTimedOut;
  }
}
