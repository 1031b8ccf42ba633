package io.ghostflink.testkit;

import io.ghostflink.mysql.MysqlDistribution;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Testcontainers' MySQL 8.0, configured like the embedded server, for users who have Docker. */
final class ContainerMysql implements MysqlInstance {
  static final String IMAGE = "mysql:" + MysqlDistribution.VERSION;

  private final MySQLContainer<?> container;

  private ContainerMysql(MySQLContainer<?> container) {
    this.container = container;
  }

  static ContainerMysql start() {
    if (!dockerAvailable()) {
      throw new MysqlServerException(
          TestMysql.ENV
              + "=testcontainers needs a running Docker engine and none answers; start Docker or"
              + " unset "
              + TestMysql.ENV
              + " to use the embedded server");
    }
    MySQLContainer<?> container =
        new MySQLContainer<>(DockerImageName.parse(IMAGE))
            .withUsername(MysqlServer.ADMIN_USER)
            .withPassword(MysqlServer.ADMIN_PASSWORD)
            .withCommand(
                "--server-id=1",
                "--log-bin=binlog",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--gtid-mode=ON",
                "--enforce-gtid-consistency=ON",
                "--max-connections=1000");
    container.start();
    ContainerMysql mysql = new ContainerMysql(container);
    mysql.grantAll();
    return mysql;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  // The image's user only owns its own database; give it what the embedded admin user has.
  private void grantAll() {
    String url =
        "jdbc:mysql://" + host() + ":" + port() + "/?useSSL=false&allowPublicKeyRetrieval=true";
    try (Connection c = DriverManager.getConnection(url, "root", MysqlServer.ADMIN_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(
          "GRANT ALL PRIVILEGES ON *.* TO '" + MysqlServer.ADMIN_USER + "'@'%' WITH GRANT OPTION");
    } catch (SQLException e) {
      throw new MysqlServerException(
          "cannot grant privileges in the MySQL container: " + e.getMessage(), e);
    }
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return container.getMappedPort(MySQLContainer.MYSQL_PORT);
  }

  @Override
  public String user() {
    return MysqlServer.ADMIN_USER;
  }

  @Override
  public String password() {
    return MysqlServer.ADMIN_PASSWORD;
  }

  @Override
  public void close() {
    container.stop();
  }
}
