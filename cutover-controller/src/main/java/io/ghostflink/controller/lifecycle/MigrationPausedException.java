package io.ghostflink.controller.lifecycle;

/**
 * The migration stopped on request with a savepoint; {@link MigrationController#resume()} continues
 * it. Not a failure: the original is untouched and the ghost tables wait.
 */
public final class MigrationPausedException extends Exception {
  private final String savepoint;

  public MigrationPausedException(String message, String savepoint) {
    super(message);
    this.savepoint = savepoint;
  }

  public String savepoint() {
    return savepoint;
  }
}
