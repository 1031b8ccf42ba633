package io.ghostflink.controller.throttle;

/** A critical-load threshold was exceeded: the migration stops (as gh-ost's panic). */
public final class CriticalLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public CriticalLoadException(String message) {
    super(message);
  }
}
