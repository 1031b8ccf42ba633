package io.ghostflink.testkit;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerException;
import io.ghostflink.mysql.MysqlServerSpec;
import java.util.Locale;

/**
 * Which MySQL the tests use: the embedded server (default), or Testcontainers' MySQL 8.0 where
 * {@code GHOSTFLINK_TEST_MYSQL=testcontainers} (or {@code -Dghostflink.test.mysql=testcontainers})
 * is set and Docker runs.
 */
public final class TestMysql {
  public static final String ENV = "GHOSTFLINK_TEST_MYSQL";
  public static final String PROPERTY = "ghostflink.test.mysql";

  private TestMysql() {}

  /** Starts the MySQL the environment asks for. */
  public static MysqlInstance start(String name) {
    return start(name, choice());
  }

  static MysqlInstance start(String name, String choice) {
    switch (choice) {
      case "embedded":
        return MysqlServer.start(MysqlServerSpec.named(name));
      case "testcontainers":
        return ContainerMysql.start();
      default:
        throw new MysqlServerException(
            ENV + "=" + choice + " is not known; use 'embedded' (the default) or 'testcontainers'");
    }
  }

  static String choice() {
    String value = System.getProperty(PROPERTY, System.getenv(ENV));
    return value == null || value.isBlank() ? "embedded" : value.trim().toLowerCase(Locale.ROOT);
  }
}
