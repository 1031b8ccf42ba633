package io.ghostflink.operators.jdbc;

import java.io.Serializable;

/**
 * Where a MySQL server listens, whom ghostflink connects as, and the {@code sql_mode} its sessions
 * write with ({@link SqlModes}; empty: derived from the server's global mode at connect time).
 *
 * @param password the password itself, or null when {@code passwordFrom} says where it is read
 * @param passwordFrom null, or where a job on a Flink cluster reads the password ({@link
 *     PasswordSource}): then the address carries no password, in the job graph or on disk
 */
public record ServerAddress(
    String host, int port, String user, String password, String sqlMode, String passwordFrom)
    implements Serializable {

  public ServerAddress {
    sqlMode = sqlMode == null ? "" : sqlMode;
  }

  public ServerAddress(String host, int port, String user, String password, String sqlMode) {
    this(host, port, user, password, sqlMode, null);
  }

  public ServerAddress(String host, int port, String user, String password) {
    this(host, port, user, password, "");
  }

  /** The password: as given, or read where {@code passwordFrom} says (on a task manager). */
  @Override
  public String password() {
    return passwordFrom == null ? password : PasswordSource.resolve(passwordFrom, this);
  }

  /** The same server, with sessions in {@code mode}. */
  public ServerAddress withSqlMode(String mode) {
    return new ServerAddress(host, port, user, password, mode, passwordFrom);
  }

  /** The same server without its password: the job reads it where {@code from} says. */
  public ServerAddress withPasswordFrom(String from) {
    return new ServerAddress(host, port, user, null, sqlMode, from);
  }

  /** Whether {@code other} is the same server (host and port). */
  public boolean sameServer(ServerAddress other) {
    return host.equals(other.host) && port == other.port;
  }

  /**
   * How every session of ghostflink's connects, Flink CDC's included: without TLS, with the key
   * retrieval {@code caching_sha2_password} needs then (docs/operations.md, "The MySQL user").
   */
  public static final String WITHOUT_TLS = "useSSL=false&allowPublicKeyRetrieval=true";

  /**
   * Connector/J parses each statement's text for its parameters when it is prepared; the apply
   * prepares the same few statements every epoch (its applied point, its multi-row upserts), and
   * that parsing was 30% of the apply thread's CPU in a profile under 200 writes a second. With
   * this, each session keeps the parse of its last 64 statement texts of up to 64 KiB (client-side:
   * nothing is prepared on the server). Connector/J's default text limit, 256 characters, is
   * shorter than the apply's own statements, which then missed the cache.
   */
  static final String PARSED_STATEMENT_CACHE =
      "&cachePrepStmts=true&prepStmtCacheSize=64&prepStmtCacheSqlLimit=65536";

  /**
   * Results in utf8mb4, converted by the server: without it Connector/J asks for each column's own
   * character set and decodes it with its Java mapping, which for latin1 (windows-1252) turns the
   * five bytes cp1252 leaves undefined, kept by MySQL as U+0081 and the like, into U+FFFD; a copied
   * row, or a chunk's bound, then held another value.
   */
  static final String RESULTS_IN_UTF8 = "&characterSetResults=UTF-8";

  public String jdbcUrl(String database) {
    return "jdbc:mysql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?"
        + WITHOUT_TLS
        + "&rewriteBatchedStatements=true"
        + RESULTS_IN_UTF8
        + PARSED_STATEMENT_CACHE
        + "&connectTimeout=10000&tcpKeepAlive=true&jdbcCompliantTruncation=false";
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port; // never the password
  }
}
