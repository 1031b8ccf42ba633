package io.ghostflink.controller.cutover;

/**
 * The server's tables do not say whether the swap happened; never retried, a human must look. The
 * message names what was found.
 */
public final class OwnershipAmbiguousException extends Exception {
  public OwnershipAmbiguousException(String message) {
    super(message);
  }
}
