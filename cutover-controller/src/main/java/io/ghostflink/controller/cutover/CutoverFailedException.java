package io.ghostflink.controller.cutover;

/**
 * A cut-over attempt failed at a step; the original table is intact and the attempt may be retried.
 */
public final class CutoverFailedException extends Exception {
  private final CutoverStep step;

  public CutoverFailedException(CutoverStep step, String message, Throwable cause) {
    super("cut-over step " + step.number() + " " + step + " failed: " + message, cause);
    this.step = step;
  }

  public CutoverStep step() {
    return step;
  }
}
