package io.ghostflink.operators.jdbc;

import java.io.Serializable;

/** Where a MySQL server listens and whom the job connects as. */
public record ServerAddress(String host, int port, String user, String password)
    implements Serializable {

  public String jdbcUrl(String database) {
    return "jdbc:mysql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
        + "&connectTimeout=10000&tcpKeepAlive=true";
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port; // never the password
  }
}
