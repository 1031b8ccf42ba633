package io.ghostflink.controller.lock;

/** Another session holds the migration lock of this table: nothing was changed. */
public class MigrationLockHeldException extends Exception {
  public MigrationLockHeldException(String message) {
    super(message);
  }
}
