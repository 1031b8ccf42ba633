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

  ServerAddress address() {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + " is not a TCP port (1-65535)");
    }
    String password = "";
    if (passwordFile != null) {
      try {
        password =
            Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read --password-file " + passwordFile + " (" + e.getMessage() + ")");
      }
    }
    return new ServerAddress(host, port, user, password);
  }
}
