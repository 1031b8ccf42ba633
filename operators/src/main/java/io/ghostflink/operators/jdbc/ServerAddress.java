package io.ghostflink.operators.jdbc;

import java.io.Serializable;

/**
 * Where a MySQL server listens, whom ghostflink connects as, and the {@code sql_mode} its sessions
 * write with ({@link SqlModes}; empty: derived from the server's global mode at connect time).
 */
public record ServerAddress(String host, int port, String user, String password, String sqlMode)
    implements Serializable {

  public ServerAddress {
    sqlMode = sqlMode == null ? "" : sqlMode;
  }

  public ServerAddress(String host, int port, String user, String password) {
    this(host, port, user, password, "");
  }

  /** The same server, with sessions in {@code mode}. */
  public ServerAddress withSqlMode(String mode) {
    return new ServerAddress(host, port, user, password, mode);
  }

  /** Whether {@code other} is the same server (host and port). */
  public boolean sameServer(ServerAddress other) {
    return host.equals(other.host) && port == other.port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:mysql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
        + "&connectTimeout=10000&tcpKeepAlive=true&jdbcCompliantTruncation=false";
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port; // never the password
  }
}
