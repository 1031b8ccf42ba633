package io.ghostflink.mysql;

/**
 * The embedded MySQL server could not be set up; the message is one line saying what is wrong and
 * what to install or change.
 */
public class MysqlServerException extends RuntimeException {
  public MysqlServerException(String message) {
    super(message);
  }

  public MysqlServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
