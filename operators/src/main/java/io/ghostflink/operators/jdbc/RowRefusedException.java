package io.ghostflink.operators.jdbc;

/**
 * A row the new table cannot hold as it is: a value MySQL would truncate, round away, refuse as
 * NULL or out of range, or a row that collides with another on a unique key. MySQL's own ALTER in
 * strict mode refuses the same rows, so the migration stops before its swap, naming the row; no
 * retry can help.
 */
public final class RowRefusedException extends IllegalStateException {
  public RowRefusedException(String message) {
    super(message);
  }
}
