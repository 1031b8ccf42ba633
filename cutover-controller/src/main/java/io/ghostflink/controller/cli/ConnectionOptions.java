package io.ghostflink.controller.cli;

import io.ghostflink.operators.jdbc.ServerAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the MySQL server is and whom to connect as; the password comes from a file only. */
public final class ConnectionOptions {
  @Option(
      names = {"--host", "--source-host"},
      defaultValue = "127.0.0.1",
      description = "MySQL host (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = {"--port", "--source-port"},
      defaultValue = "3306",
      description = "MySQL port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = {"--user", "--source-user"},
      required = true,
      description = "MySQL user")
  String user;

  @Option(
      names = {"--password-file", "--source-password-file"},
      description = "file whose first line is the password (none: empty password)")
  Path passwordFile;

  private ServerAddress address;

  /**
   * The server and login; the password file is read once, on the first call: a file that can be
   * read only once ({@code --password-file <(vault read …)}, a named pipe) gave the password to the
   * first reader only, and {@code move} and {@code verify}, which ask twice, then logged in with an
   * empty password.
   */
  ServerAddress address() {
    if (address == null) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--port " + port + " is not a TCP port (1-65535)");
      }
      String password = passwordFile == null ? "" : password(passwordFile, "--password-file");
      address = new ServerAddress(host, port, user, password);
    }
    return address;
  }

  /**
   * A {@code host[:port]} flag value (port 3306 when left out) as a server reached with {@code
   * credentials}' user and password.
   */
  static ServerAddress hostPort(String value, ServerAddress credentials, String flag) {
    String[] hostPort = value.strip().split(":", -1);
    try {
      int port = hostPort.length == 2 ? Integer.parseInt(hostPort[1]) : 3306;
      if (hostPort[0].isBlank() || hostPort.length > 2 || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new ServerAddress(hostPort[0], port, credentials.user(), credentials.password());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes host[:port], not '" + value + "'");
    }
  }

  /** The first line of the password file given with {@code flag}; one clear error if unreadable. */
  static String password(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + flag + " " + file + " (" + e.getMessage() + ")");
    }
  }
}
