package io.ghostflink.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded {@code mysqld} 8.0 with GTIDs and a full row-based binlog, on a loopback port, in a
 * directory of its own, stopped by its PID when closed or when the JVM exits.
 */
public final class MysqlServer implements MysqlInstance {
  private static final Logger LOG = LoggerFactory.getLogger(MysqlServer.class);

  public static final String ADMIN_USER = "ghostflink";
  public static final String ADMIN_PASSWORD = "ghostflink";

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final int UNIX_SOCKET_PATH_MAX = 100;
  private static final Set<MysqlServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> List.copyOf(RUNNING).forEach(MysqlServer::close), "ghostflink-mysql-stop"));
  }

  private final MysqlServerSpec spec;
  private final Path dir;
  private final int port;
  private final int serverId;
  private final List<String> command;
  private volatile Process process;

  private MysqlServer(
      MysqlServerSpec spec,
      Path dir,
      int port,
      int serverId,
      List<String> command,
      Process process) {
    this.spec = spec;
    this.dir = dir;
    this.port = port;
    this.serverId = serverId;
    this.command = List.copyOf(command);
    this.process = process;
  }

  /** Starts a server and waits until it accepts connections. */
  public static MysqlServer start(MysqlServerSpec spec) {
    MysqlDistribution distribution = MysqlDistribution.installed();
    reapOrphans(spec.baseDir());
    boolean pickPort = spec.port() == 0;
    // A free port found by binding port 0 can be taken by someone else before mysqld binds it.
    for (int attempt = 1; ; attempt++) {
      int port = pickPort ? freePort() : spec.port();
      try {
        return startOn(distribution, spec, port);
      } catch (PortInUse e) {
        if (!pickPort || attempt == 3) {
          throw new MysqlServerException(e.getMessage());
        }
      }
    }
  }

  /** Starts a server that replicates {@code primary} from its first GTID. */
  public static MysqlServer startReplicaOf(MysqlInstance primary, MysqlServerSpec spec) {
    MysqlServer replica = start(spec);
    try {
      replica.replicateFrom(primary);
      return replica;
    } catch (RuntimeException e) {
      replica.close();
      throw e;
    }
  }

  @Override
  public String host() {
    return HOST;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String user() {
    return ADMIN_USER;
  }

  @Override
  public String password() {
    return ADMIN_PASSWORD;
  }

  public int serverId() {
    return serverId;
  }

  /** The PID of {@code mysqld}. */
  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * The server's directory: {@code data/}, {@code tmp/}, {@code mysqld.err}, {@code mysqld.out}.
   */
  public Path directory() {
    return dir;
  }

  public Path errorLog() {
    return dir.resolve("mysqld.err");
  }

  /** Stops {@code mysqld} with SIGTERM (a clean shutdown), SIGKILL after a minute. */
  @Override
  public void close() {
    RUNNING.remove(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("mysqld {} did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    LOG.info("MySQL {} on port {} stopped", spec.name(), port);
  }

  /**
   * Stops {@code mysqld} and deletes its directory: data, binlogs, logs (a benchmark's gigabytes).
   */
  public void closeAndDelete() {
    close();
    MysqlDistribution.deleteTree(directory());
  }

  @Override
  public String toString() {
    return "MySQL " + MysqlDistribution.VERSION + " '" + spec.name() + "' on " + HOST + ":" + port;
  }

  /** The server directory's subdirectory a table may name in {@code DATA DIRECTORY}. */
  public static final String TABLESPACES = "tablespaces";

  private static MysqlServer startOn(MysqlDistribution distribution, MysqlServerSpec spec, int port)
      throws PortInUse {
    Path dir = spec.baseDir().toAbsolutePath().resolve(spec.name() + "-" + port);
    int serverId = spec.serverId() != 0 ? spec.serverId() : port;
    try {
      MysqlDistribution.deleteTree(dir);
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(dir.resolve(TABLESPACES));
      copyTemplate(distribution, dir.resolve("data"), initialisationArgs(spec));
      Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new MysqlServerException(
          "cannot prepare the MySQL directory " + dir + ": " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>();
    command.add(distribution.mysqld().toString());
    command.add("--no-defaults");
    command.addAll(commonArgs(distribution, dir));
    command.add("--port=" + port);
    command.add("--bind-address=" + HOST);
    command.add("--socket=" + socketPath(dir, port));
    command.add("--pid-file=" + dir.resolve("mysqld.pid"));
    command.add("--tmpdir=" + dir.resolve("tmp"));
    // a directory a table may name as its DATA DIRECTORY (MySQL takes only the ones it knows)
    command.add("--innodb-directories=" + dir.resolve(TABLESPACES));
    command.add("--mysqlx=OFF");
    command.add("--server-id=" + serverId);
    command.add("--log-bin=binlog");
    command.add("--binlog-format=ROW");
    command.add("--binlog-row-image=FULL");
    command.add("--gtid-mode=ON");
    command.add("--enforce-gtid-consistency=ON");
    command.add("--max-connections=1000");
    command.add("--innodb-buffer-pool-size=256M");
    if (!spec.durable()) {
      command.add("--innodb-flush-log-at-trx-commit=2");
      command.add("--sync-binlog=0");
    }
    command.addAll(spec.extraArgs());

    Process process = run(spec, dir, command);
    MysqlServer server = new MysqlServer(spec, dir, port, serverId, command, process);
    RUNNING.add(server);
    try {
      server.awaitReady();
      server.bootstrapAdminUser();
    } catch (RuntimeException | PortInUse e) {
      server.close();
      throw e;
    }
    LOG.info("{} started (pid {}, dir {})", server, process.pid(), dir);
    return server;
  }

  private static Process run(MysqlServerSpec spec, Path dir, List<String> command) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mysqld.out").toFile()));
      if (!spec.systemTimeZone().isEmpty()) {
        builder.environment().put("TZ", spec.systemTimeZone());
      }
      return builder.start();
    } catch (IOException e) {
      throw new MysqlServerException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Kills {@code mysqld} with SIGKILL, as a crash would (what it had committed survives on a {@link
   * MysqlServerSpec#durable} server), and waits until it is gone.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new MysqlServerException("mysqld " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MysqlServerException("interrupted while killing mysqld " + process.pid());
    }
    LOG.info("{} killed", this);
  }

  /**
   * Starts a stopped ({@link #kill}ed) {@code mysqld} again on the same data, port and options, and
   * waits until it accepts connections (after its crash recovery).
   */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(this + " is running; kill() it first");
    }
    process = run(spec, dir, command);
    RUNNING.add(this);
    try {
      awaitReady();
    } catch (PortInUse e) {
      throw new MysqlServerException(e.getMessage());
    }
    LOG.info("{} restarted (pid {})", this, process.pid());
  }

  private static List<String> commonArgs(MysqlDistribution distribution, Path dir) {
    List<String> args = new ArrayList<>();
    args.add("--basedir=" + distribution.home());
    args.add("--datadir=" + dir.resolve("data"));
    args.add("--log-error=" + dir.resolve("mysqld.err"));
    if (isRoot()) {
      args.add("--user=root");
    }
    return args;
  }

  /**
   * The options among {@code spec}'s that MySQL takes only when it initialises a data directory and
   * then requires unchanged: {@code lower_case_table_names}.
   */
  private static List<String> initialisationArgs(MysqlServerSpec spec) {
    return spec.extraArgs().stream()
        .filter(a -> a.replace('_', '-').startsWith("--lower-case-table-names"))
        .toList();
  }

  // Initialising a data directory takes seconds; do it once per cache (and per set of options
  // fixed at initialisation) and copy it for each server. auto.cnf holds the server UUID, which
  // must differ between a primary and its replicas.
  private static void copyTemplate(MysqlDistribution distribution, Path dataDir, List<String> init)
      throws IOException {
    String variant =
        init.isEmpty() ? "" : "-" + String.join("", init).replaceAll("[^A-Za-z0-9=]", "");
    Path template =
        distribution.home().resolveSibling(distribution.home().getFileName() + "-data" + variant);
    Path done = template.resolve(".initialised");
    if (!Files.exists(done)) {
      Path lockFile = distribution.home().resolveSibling("mysql-data-template.lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (!Files.exists(done)) {
          initialise(distribution, template, init);
          Files.writeString(done, MysqlDistribution.VERSION);
        }
      }
    }
    try (Stream<Path> paths = Files.walk(template.resolve("data"))) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = dataDir.resolve(template.resolve("data").relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals("auto.cnf")) {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void initialise(
      MysqlDistribution distribution, Path template, List<String> fixedArgs) throws IOException {
    MysqlDistribution.deleteTree(template);
    Files.createDirectories(template);
    List<String> command = new ArrayList<>();
    command.add(distribution.mysqld().toString());
    command.add("--no-defaults");
    command.add("--initialize-insecure");
    command.addAll(commonArgs(distribution, template));
    command.addAll(fixedArgs);
    Path output = template.resolve("mysqld.out");
    Process init =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!init.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        init.destroyForcibly();
        throw new MysqlServerException(
            "MySQL cannot initialise its data directory within "
                + READY_TIMEOUT.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      init.destroyForcibly();
      throw new MysqlServerException("interrupted while initialising the MySQL data directory");
    }
    if (init.exitValue() != 0) {
      throw new MysqlServerException(
          StartupFailure.explain(
              "initialise its data directory " + template.resolve("data"),
              0,
              readQuietly(output),
              readQuietly(template.resolve("mysqld.err"))));
    }
  }

  private void awaitReady() throws PortInUse {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        String errors = readQuietly(errorLog());
        String message =
            StartupFailure.explain("start", port, readQuietly(dir.resolve("mysqld.out")), errors);
        if (errors.contains("Address already in use")) {
          throw new PortInUse(message);
        }
        throw new MysqlServerException(message + " (log: " + errorLog() + ")");
      }
      try (Connection c = rootConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT @@datadir")) {
        rs.next();
        if (Path.of(rs.getString(1)).equals(dir.resolve("data"))) {
          return;
        }
        // Another server answers on this port: ours is about to fail to bind it.
        throw new PortInUse(StartupFailure.explain("start", port, "", "Address already in use"));
      } catch (SQLException e) {
        last = e;
      }
      pause(Duration.ofMillis(100));
    }
    throw new MysqlServerException(
        "MySQL did not accept connections on port "
            + port
            + " within "
            + READY_TIMEOUT.toSeconds()
            + " s ("
            + (last == null ? "no attempt" : last.getMessage())
            + "); see "
            + errorLog());
  }

  // The admin user is local to each server (sql_log_bin=0), so a replica does not replay it.
  private void bootstrapAdminUser() {
    try (Connection c = rootConnection();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION sql_log_bin = 0");
      s.execute(
          "CREATE USER IF NOT EXISTS '"
              + ADMIN_USER
              + "'@'%' IDENTIFIED WITH mysql_native_password BY '"
              + ADMIN_PASSWORD
              + "'");
      s.execute("GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION");
    } catch (SQLException e) {
      throw new MysqlServerException("cannot create the MySQL admin user: " + e.getMessage(), e);
    }
  }

  private void replicateFrom(MysqlInstance primary) {
    try (Connection c = connect("");
        Statement s = c.createStatement()) {
      s.execute(
          "CHANGE REPLICATION SOURCE TO SOURCE_HOST='"
              + primary.host()
              + "', SOURCE_PORT="
              + primary.port()
              + ", SOURCE_USER='"
              + primary.user().replace("'", "''")
              + "', SOURCE_PASSWORD='"
              + primary.password().replace("'", "''")
              + "', SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=1");
      s.execute("START REPLICA");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      String lastError = "";
      while (Instant.now().isBefore(deadline)) {
        try (ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
          if (rs.next()) {
            boolean io = "Yes".equals(rs.getString("Replica_IO_Running"));
            boolean sql = "Yes".equals(rs.getString("Replica_SQL_Running"));
            if (io && sql) {
              LOG.info("{} replicates {}", this, primary);
              return;
            }
            lastError =
                Optional.ofNullable(rs.getString("Last_IO_Error")).orElse("")
                    + Optional.ofNullable(rs.getString("Last_SQL_Error")).orElse("");
          }
        }
        pause(Duration.ofMillis(100));
      }
      throw new MysqlServerException(
          "replica on port " + port + " did not start replicating " + primary + ": " + lastError);
    } catch (SQLException e) {
      throw new MysqlServerException(
          "cannot attach a replica to " + primary + ": " + e.getMessage(), e);
    }
  }

  private Connection rootConnection() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mysql://" + HOST + ":" + port + "/?useSSL=false&connectTimeout=2000", "root", "");
  }

  /**
   * Stops servers under {@code baseDir} whose owning JVM died without stopping them (kill -9), so
   * no {@code mysqld} of ours outlives its test run for long.
   */
  public static void reapOrphans(Path baseDir) {
    if (!Files.isDirectory(baseDir)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(baseDir)) {
      dirs.forEach(MysqlServer::reapIfOrphan);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void reapIfOrphan(Path dir) {
    Optional<Long> owner = readPid(dir.resolve("owner.pid"));
    Optional<Long> mysqld = readPid(dir.resolve("mysqld.pid"));
    if (owner.isEmpty() || mysqld.isEmpty() || ProcessHandle.of(owner.get()).isPresent()) {
      return;
    }
    ProcessHandle.of(mysqld.get())
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
        .ifPresent(
            p -> {
              LOG.warn("stopping orphaned mysqld {} in {}", p.pid(), dir);
              p.destroy();
              try {
                p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
              } catch (Exception e) {
                p.destroyForcibly();
              }
            });
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String socketPath(Path dir, int port) {
    Path socket = dir.resolve("mysqld.sock");
    return socket.toString().length() <= UNIX_SOCKET_PATH_MAX
        ? socket.toString()
        : Path.of(System.getProperty("java.io.tmpdir"), "ghostflink-mysql-" + port + ".sock")
            .toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new MysqlServerException("cannot find a free loopback port: " + e.getMessage(), e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MysqlServerException("interrupted while waiting for MySQL");
    }
  }

  private static final class PortInUse extends Exception {
    PortInUse(String message) {
      super(message);
    }
  }
}
