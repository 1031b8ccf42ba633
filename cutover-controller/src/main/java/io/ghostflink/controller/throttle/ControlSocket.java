package io.ghostflink.controller.throttle;

import io.ghostflink.operators.sql.ChangelogSql;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gh-ost's interactive commands on a Unix socket ({@code --serve-socket-file}), so runbooks that
 * run {@code echo throttle | nc -U /tmp/gh-ost.sock} keep working: one command per connection, one
 * answer, then the socket closes. Settings become the same {@code control:…} rows {@code ghostflink
 * set} writes.
 */
public final class ControlSocket implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);

  static final String HELP =
      "available commands:\n"
          + "status, sup                 # the migration's phase, progress and throttle\n"
          + "throttle                    # hold back the copy\n"
          + "no-throttle, unthrottle     # release the operator's throttle\n"
          + "chunk-size=<rows>           # fixed chunks of this many rows\n"
          + "chunk-time=<duration>       # chunks sized to take this long\n"
          + "max-load=<status=N,...>     # throttle thresholds\n"
          + "critical-load=<status=N,...> # abort thresholds\n"
          + "max-lag-millis=<ms>         # throttle above this lag\n"
          + "max-commit-latency-ratio=<r> # hold the copy while commits are r times slower (0: off)\n"
          + "max-checkpoint-age-ratio=<f> # no new chunk while the redo log is fuller (0: off)\n"
          + "nice-ratio=<r>              # rest r times each chunk's time after it (0: no rest)\n"
          + "max-cpu-ratio=<f>           # no new chunk while this machine's CPU is busier (0: off)\n"
          + "<setting>=?                 # the setting in force\n"
          + "unpostpone                  # release a cut-over postponed by its flag file\n"
          + "panic                       # stop the migration now; the table stays intact\n"
          + "help                        # this text\n";

  /** What the socket asks of the running migration. */
  public interface Target {
    /** One status line. */
    String status();

    /** Writes one changelog hint. */
    void write(String hint, String value) throws SQLException;

    /** The setting {@code name} in force, as the flag or {@code set} wrote it. */
    String setting(String name);

    /** Stops the migration as soon as possible, leaving the table intact. */
    void panic();
  }

  private final Path file;
  private final ServerSocketChannel server;
  private final Target target;
  private final Thread acceptor;

  private ControlSocket(Path file, ServerSocketChannel server, Target target) {
    this.file = file;
    this.server = server;
    this.target = target;
    this.acceptor = new Thread(this::serve, "control-socket");
    acceptor.setDaemon(true);
  }

  /**
   * Where gh-ost serves its commands when not told ({@code /tmp/gh-ost.<database>.<table>.sock}),
   * and so where a runbook's {@code nc -U} looks; a migration started from the command line serves
   * there unless {@code --serve-socket-file} names another file.
   */
  public static Path defaultFile(io.ghostflink.operators.model.TableRef table) {
    return Path.of("/tmp", "gh-ost." + table.database() + "." + table.table() + ".sock");
  }

  /** Whether {@code file} is named as {@link #defaultFile} names a table's socket. */
  public static boolean isDefault(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return Path.of("/tmp").equals(file.getParent())
        && name.startsWith("gh-ost.")
        && name.endsWith(".sock");
  }

  /**
   * Serves {@code file}. A stale socket file there (its process gone) is replaced; one a running
   * process still answers on is not, and is an error (two migrations given the same file).
   *
   * @throws IOException the socket cannot be created there
   */
  public static ControlSocket serve(Path file, Target target) throws IOException {
    if (Files.exists(file)) {
      try (SocketChannel live = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
        throw new IOException("another process serves " + file);
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("another process serves")) {
          throw e;
        }
        Files.deleteIfExists(file); // nobody answers: a stale file, as gh-ost replaces it
      }
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(file));
    ControlSocket socket = new ControlSocket(file, server, target);
    socket.acceptor.start();
    LOG.info("Serving interactive commands on {}", file);
    return socket;
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel client = server.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        String line = in.readLine();
        String answer = line == null ? "" : answer(line.strip());
        OutputStream out = Channels.newOutputStream(client);
        out.write(answer.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        if (server.isOpen()) {
          LOG.warn("Interactive command failed: {}", e.getMessage());
        }
      }
    }
  }

  /** The answer to one command line. */
  String answer(String command) {
    try {
      switch (command) {
        case "help", "" -> {
          return HELP;
        }
        case "status", "sup" -> {
          return target.status() + "\n";
        }
        case "throttle" -> {
          target.write(ChangelogSql.CONTROL_THROTTLE, "on");
          return "throttled\n";
        }
        case "no-throttle", "unthrottle" -> {
          target.write(ChangelogSql.CONTROL_THROTTLE, "");
          return "released the operator's throttle\n";
        }
        case "unpostpone" -> {
          target.write(ChangelogSql.CONTROL_UNPOSTPONE, "now");
          return "released the postponed cut-over\n";
        }
        case "panic" -> {
          LOG.warn("Panic requested on the interactive socket");
          target.panic();
          return "panicking: the migration stops; the table stays intact\n";
        }
        default -> {
          if (command.endsWith("=?")) {
            String name = command.substring(0, command.length() - 2);
            if (!RuntimeSettings.HINTS.containsKey(name)) {
              throw new IllegalArgumentException("unknown setting '" + name + "'");
            }
            return target.setting(name) + "\n";
          }
          Map.Entry<String, String> setting = RuntimeSettings.parse(command);
          target.write(setting.getKey(), setting.getValue());
          LOG.info("Interactive command: {}", command);
          return "ok\n";
        }
      }
    } catch (IllegalArgumentException e) {
      return "error: " + e.getMessage() + " (help lists the commands)\n";
    } catch (SQLException e) {
      return "error: not written, " + e.getMessage() + "\n";
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not remove the socket file {}: {}", file, e.getMessage());
    }
  }
}
