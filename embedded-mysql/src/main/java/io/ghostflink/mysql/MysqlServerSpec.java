package io.ghostflink.mysql;

import java.nio.file.Path;
import java.util.List;

/**
 * How to start one embedded server.
 *
 * @param name a label for its directory and logs, e.g. {@code primary}
 * @param baseDir where the server's directory is made
 * @param port the loopback port; 0 picks a free one
 * @param serverId the {@code server_id}; 0 derives a unique one from the port
 * @param durable false relaxes fsync ({@code innodb_flush_log_at_trx_commit=2}, {@code
 *     sync_binlog=0}), which tests and the demo can afford: they never crash the server itself
 * @param extraArgs further {@code mysqld} options, e.g. {@code --innodb-buffer-pool-size=1G}
 * @param systemTimeZone the zone of the server's system clock ({@code TZ}, e.g. {@code
 *     Europe/Berlin}), which a server whose {@code time_zone} is {@code SYSTEM} (MySQL's default)
 *     runs in; empty: this process's
 */
public record MysqlServerSpec(
    String name,
    Path baseDir,
    int port,
    int serverId,
    boolean durable,
    List<String> extraArgs,
    String systemTimeZone) {

  public MysqlServerSpec(
      String name, Path baseDir, int port, int serverId, boolean durable, List<String> extraArgs) {
    this(name, baseDir, port, serverId, durable, extraArgs, "");
  }

  public MysqlServerSpec {
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("server name must be [A-Za-z0-9_-]+: " + name);
    }
    extraArgs = List.copyOf(extraArgs);
    systemTimeZone = systemTimeZone == null ? "" : systemTimeZone;
  }

  /**
   * A non-durable server on a free port under {@code $ghostflink.test.work.dir/mysql} (set by the
   * build) or the temp directory.
   */
  public static MysqlServerSpec named(String name) {
    String work = System.getProperty("ghostflink.test.work.dir");
    Path base =
        work != null
            ? Path.of(work, "mysql")
            : Path.of(System.getProperty("java.io.tmpdir"), "ghostflink-mysql");
    return new MysqlServerSpec(name, base, 0, 0, false, List.of());
  }

  public MysqlServerSpec withBaseDir(Path dir) {
    return new MysqlServerSpec(name, dir, port, serverId, durable, extraArgs, systemTimeZone);
  }

  public MysqlServerSpec withPort(int value) {
    return new MysqlServerSpec(name, baseDir, value, serverId, durable, extraArgs, systemTimeZone);
  }

  public MysqlServerSpec withServerId(int value) {
    return new MysqlServerSpec(name, baseDir, port, value, durable, extraArgs, systemTimeZone);
  }

  public MysqlServerSpec withDurable(boolean value) {
    return new MysqlServerSpec(name, baseDir, port, serverId, value, extraArgs, systemTimeZone);
  }

  public MysqlServerSpec withExtraArgs(List<String> value) {
    return new MysqlServerSpec(name, baseDir, port, serverId, durable, value, systemTimeZone);
  }

  public MysqlServerSpec withSystemTimeZone(String zone) {
    return new MysqlServerSpec(name, baseDir, port, serverId, durable, extraArgs, zone);
  }
}
