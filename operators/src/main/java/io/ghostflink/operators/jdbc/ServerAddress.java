package io.ghostflink.operators.jdbc;

import java.io.Serializable;

/**
 * Where a MySQL server listens, whom ghostflink connects as, the {@code sql_mode} its sessions
 * write with ({@link SqlModes}; empty: derived from the server's global mode at connect time), and
 * the time zone its writes convert temporal values in ({@link #zoneHint}).
 *
 * @param password the password itself, or null when {@code passwordFrom} says where it is read
 * @param passwordFrom null, or where a job on a Flink cluster reads the password ({@link
 *     PasswordSource}): then the address carries no password, in the job graph or on disk
 * @param timeZone the server's default time zone ({@code @@GLOBAL.time_zone}) when the migration
 *     began, in which MySQL's own ALTER would convert between TIMESTAMP and other types and
 *     evaluate a new column's {@code DEFAULT CURRENT_TIMESTAMP}; empty: the session's own
 * @param tls how every session to the server uses TLS ({@code --ssl-mode}, {@code --ssl-ca})
 */
public record ServerAddress(
    String host,
    int port,
    String user,
    String password,
    String sqlMode,
    String passwordFrom,
    String timeZone,
    Tls tls)
    implements Serializable {

  /** A time zone as MySQL names one: an offset, SYSTEM or a zone name; no quote in it. */
  private static final java.util.regex.Pattern ZONE =
      java.util.regex.Pattern.compile("[A-Za-z0-9_+\\-:/.]*");

  public ServerAddress {
    sqlMode = sqlMode == null ? "" : sqlMode;
    timeZone = timeZone == null ? "" : timeZone;
    tls = tls == null ? Tls.DISABLED : tls;
    if (!ZONE.matcher(timeZone).matches()) {
      throw new IllegalArgumentException("not a MySQL time zone: " + timeZone);
    }
  }

  public ServerAddress(
      String host, int port, String user, String password, String sqlMode, String passwordFrom) {
    this(host, port, user, password, sqlMode, passwordFrom, "", Tls.DISABLED);
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
    return new ServerAddress(host, port, user, password, mode, passwordFrom, timeZone, tls);
  }

  /** The same server, its writes converting in {@code zone} ({@link #zoneHint}). */
  public ServerAddress withTimeZone(String zone) {
    return new ServerAddress(host, port, user, password, sqlMode, passwordFrom, zone, tls);
  }

  /**
   * The same server with the session settings of {@code other}'s writes (sql_mode, time zone): a
   * move writes the target as the source's ALTER would.
   */
  public ServerAddress withWritesOf(ServerAddress other) {
    return withSqlMode(other.sqlMode).withTimeZone(other.timeZone);
  }

  /** The same server without its password: the job reads it where {@code from} says. */
  public ServerAddress withPasswordFrom(String from) {
    return new ServerAddress(host, port, user, null, sqlMode, from, timeZone, tls);
  }

  /** The same server, its sessions using {@code t}. */
  public ServerAddress withTls(Tls t) {
    return new ServerAddress(host, port, user, password, sqlMode, passwordFrom, timeZone, t);
  }

  /**
   * Another server reached as this one is, with the same user, password (or where it is read) and
   * TLS: a replica, a throttle control replica. Its sessions' mode and zone are its own to find.
   */
  public ServerAddress at(String otherHost, int otherPort) {
    return new ServerAddress(otherHost, otherPort, user, password, "", passwordFrom, "", tls);
  }

  /**
   * The optimizer hint that runs one statement in {@link #timeZone} ({@code SET_VAR}), followed by
   * a space; empty without a zone. Every ghostflink session runs in UTC, so that a TIMESTAMP is
   * read as the instant it is and bound as one ({@code ColumnValues#bind}); the statements that
   * write the ghost table, or compare with what it holds, carry this hint so that MySQL converts
   * between TIMESTAMP and the other temporal types, and evaluates a new column's default, in the
   * zone MySQL's own ALTER would use: the server's default.
   */
  public String zoneHint() {
    return timeZone.isEmpty() ? "" : "/*+ SET_VAR(time_zone = '" + timeZone + "') */ ";
  }

  /** Whether {@code other} is the same server (host and port). */
  public boolean sameServer(ServerAddress other) {
    return host.equals(other.host) && port == other.port;
  }

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
        + tls.urlParameters()
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
