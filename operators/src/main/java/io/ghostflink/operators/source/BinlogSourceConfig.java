package io.ghostflink.operators.source;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.Tls;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;

/**
 * Flink CDC's source configuration, with the password taken from the {@link ServerAddress} each
 * time a configuration is made (on the JobManager for the split enumerator, on a task manager for
 * the reader) instead of being stored in it: on a Flink cluster the address names where the
 * password is read, so the job graph never holds it.
 */
public final class BinlogSourceConfig extends MySqlSourceConfigFactory {
  private static final long serialVersionUID = 1L;

  /** Debezium's statements run as each of its JDBC sessions connects. */
  static final String ON_CONNECT = "database.initial.statements";

  private final ServerAddress server;

  /** The Debezium properties given, without the TLS settings added where the config is made. */
  private final java.util.Properties debezium = new java.util.Properties();

  public BinlogSourceConfig(ServerAddress server) {
    this.server = server;
    hostname(server.host());
    port(server.port());
    username(server.user());
    debeziumProperties(new java.util.Properties());
  }

  /**
   * Debezium's properties, with the statement its own sessions run when they connect, the reader's
   * schema queries among them: they see a generated invisible primary key as ghostflink's other
   * sessions do ({@link Connections#SHOW_INVISIBLE_KEY}). The reader's table schemas come from
   * {@code SHOW CREATE TABLE}; one without that column read each binlog row one column off. (Flink
   * CDC's pool does not run the statement; it lists tables and reads binlog positions, never a
   * table's columns.)
   */
  @Override
  public MySqlSourceConfigFactory debeziumProperties(java.util.Properties properties) {
    debezium.clear();
    debezium.putAll(properties);
    debezium.setProperty(ON_CONNECT, "SET @ghostflink = 1" + Connections.SHOW_INVISIBLE_KEY);
    return super.debeziumProperties(debezium);
  }

  /**
   * The password, and the TLS settings, set where a configuration is made (the JobManager, a task
   * manager): with {@code --ssl-ca} they name a trust store file written on that machine ({@link
   * Tls#jdbcSettings}), which the controller's machine's path would not be.
   */
  private void connectFromHere() {
    password(password());
    jdbcProperties(sessionsAsGhostflinks(server.tls()));
    java.util.Properties p = new java.util.Properties();
    p.putAll(debezium);
    server.tls().debeziumSettings().forEach(p::setProperty);
    super.debeziumProperties(p);
  }

  /**
   * Reads the binlog rows of exactly these tables of {@code database}. Flink CDC hands its database
   * and table lists to Debezium as comma-separated regular expressions: a name holding {@code $}
   * (MySQL allows it unquoted, {@code order$items}) matched no table and failed the job after the
   * whole copy ("Can't find any matched tables"), a {@code .} matched any character and a comma
   * split the name. Each name is matched literally here.
   */
  public BinlogSourceConfig tables(String database, List<TableRef> tables) {
    databaseList(literally(database));
    tableList(
        tables.stream()
            .map(t -> literally(t.database()) + "\\." + literally(t.table()))
            .toArray(String[]::new));
    return this;
  }

  /**
   * A name as a regular expression matching only itself, in the form Debezium's list splitter
   * keeps: a backslash before every ASCII character that is not a letter, digit or underscore (an
   * escaped comma is not a separator; Java's patterns take any other escaped non-letter literally;
   * no character outside ASCII means anything in a pattern).
   */
  static String literally(String name) {
    StringBuilder b = new StringBuilder(name.length() * 2);
    name.codePoints()
        .forEach(
            c -> {
              if (c < 128 && !(Character.isLetterOrDigit(c) || c == '_')) {
                b.append('\\');
              }
              b.appendCodePoint(c);
            });
    return b.toString();
  }

  /**
   * Flink CDC's own sessions (its connection pool, the reader's schema queries) with the TLS of
   * ghostflink's other sessions ({@link Tls#jdbcSettings}). Its URL left TLS to the driver's
   * default, and Connector/J then negotiates it with any server that has certificates (MySQL 8
   * makes its own): with {@code --ssl-mode DISABLED}, a handshake and the JVM's first TLS set-up
   * (about 130 ms of CPU) on the job's critical path before the copy's first chunk
   * (docs/benchmarks.md, session 24).
   */
  static java.util.Properties sessionsAsGhostflinks(Tls tls) {
    java.util.Properties p = new java.util.Properties();
    tls.jdbcSettings().forEach(p::setProperty);
    return p;
  }

  @Override
  public synchronized MySqlSourceConfig createConfig(int subtaskId) {
    try {
      connectFromHere();
      return super.createConfig(subtaskId);
    } finally {
      password(null); // this factory is serialized into the job graph: it must not keep it
    }
  }

  @Override
  public synchronized MySqlSourceConfig createConfig(int subtaskId, String serverName) {
    try {
      connectFromHere();
      return super.createConfig(subtaskId, serverName);
    } finally {
      password(null);
    }
  }

  private String password() {
    try {
      return server.password();
    } catch (IllegalStateException notHere) {
      // the client that builds the job graph asks for a configuration too (the source's
      // boundedness) without connecting; where the job runs, the copy and the sink fail with the
      // same message, and the reader's login is refused
      return "";
    }
  }
}
