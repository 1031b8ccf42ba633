package io.ghostflink.operators.jdbc;

import java.sql.SQLException;

/**
 * MySQL gave a row an AUTO_INCREMENT value another row of the ghost table holds (see {@code
 * GhostKey#numberedKeys}): not a property of the data, so the transaction is rolled back and run
 * again ({@link MysqlErrors#isRetryable}), with new values.
 */
public final class AutoIncrementRaceException extends SQLException {
  private static final long serialVersionUID = 1L;

  public AutoIncrementRaceException(String message) {
    super(message, "23000", MysqlErrors.DUPLICATE_KEY);
  }
}
