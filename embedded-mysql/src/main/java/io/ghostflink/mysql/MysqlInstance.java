package io.ghostflink.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A running MySQL 8.0 server that tests and the demo connect to as an all-privileged user. */
public interface MysqlInstance extends AutoCloseable {
  String host();

  int port();

  /** A user with every privilege, {@code WITH GRANT OPTION}. */
  String user();

  String password();

  /** A JDBC URL for {@code database}; an empty name connects without a default database. */
  default String jdbcUrl(String database) {
    return "jdbc:mysql://"
        + host()
        + ":"
        + port()
        + "/"
        + database
        + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000"
        + "&rewriteBatchedStatements=true";
  }

  default Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user(), password());
  }

  /** Stops the server; a no-op when it is stopped already. */
  @Override
  void close();
}
