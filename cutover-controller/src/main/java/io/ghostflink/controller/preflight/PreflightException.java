package io.ghostflink.controller.preflight;

/** A problem the operator can fix, found before anything was changed; its message is one line. */
public final class PreflightException extends Exception {
  public PreflightException(String message) {
    super(message);
  }
}
