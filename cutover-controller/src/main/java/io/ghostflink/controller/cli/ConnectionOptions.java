package io.ghostflink.controller.cli;

import io.ghostflink.operators.jdbc.ClientCertificate;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.Tls;
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
      description = "MySQL user (or the user= of --conf)")
  String user;

  @Option(
      names = {"--password-file", "--source-password-file"},
      description =
          "file whose first line is the password (none: the password= of --conf, else empty)")
  Path passwordFile;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description =
          "gh-ost's flag: a MySQL option file (my.cnf) whose [client] section gives user= and"
              + " password=; --user and --password-file win over it")
  Path conf;

  /** gh-ost's flag, refused: the password would be in the process list (never echoed back). */
  @Option(names = "--password", hidden = true, paramLabel = "PASSWORD")
  String passwordOnCommandLine;

  @Option(
      names = "--ssl-mode",
      paramLabel = "MODE",
      description =
          "TLS to every server, as MySQL's client: DISABLED, PREFERRED, REQUIRED (encrypted, the"
              + " certificate not checked), VERIFY_CA (signed by --ssl-ca), VERIFY_IDENTITY (and"
              + " naming the host) (default: DISABLED; VERIFY_CA with --ssl-ca; REQUIRED with"
              + " --ssl-cert)")
  String sslMode;

  @Option(
      names = "--ssl-ca",
      paramLabel = "FILE",
      description =
          "PEM file of the authority that signs the servers' certificates (MySQL's own: ca.pem in"
              + " its data directory); without it the VERIFY modes trust the JVM's authorities")
  Path sslCa;

  @Option(
      names = "--ssl-cert",
      paramLabel = "FILE",
      description =
          "PEM file of the client certificate to show a server that asks for one (REQUIRE X509),"
              + " with --ssl-key")
  Path sslCert;

  @Option(
      names = "--ssl-key",
      paramLabel = "FILE",
      description =
          "the unencrypted PEM key of --ssl-cert (PKCS#8 or PKCS#1 RSA); on a Flink cluster, read"
              + " at this path on every JobManager and TaskManager too")
  Path sslKey;

  @Option(
      names = "--ssl",
      description = "gh-ost's flag: TLS, the certificate checked (--ssl-mode VERIFY_IDENTITY)")
  boolean ghostSsl;

  @Option(
      names = "--ssl-allow-insecure",
      description = "gh-ost's flag, with --ssl: the certificate not checked (--ssl-mode REQUIRED)")
  boolean ghostSslAllowInsecure;

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
      if (passwordOnCommandLine != null) {
        throw new IllegalArgumentException(
            "--password would show the password to every user of this machine (ps): put it in a"
                + " file and give --password-file FILE, or --conf FILE with [client] password=");
      }
      Tls tls = tls();
      OptionFile.Client client = conf == null ? OptionFile.Client.NONE : OptionFile.client(conf);
      String login = user != null ? user : client.user();
      if (login == null || login.isBlank()) {
        throw new IllegalArgumentException(
            "--user is missing: give the MySQL user"
                + (conf == null ? " (or --conf with [client] user=)" : " (" + conf + " has none)"));
      }
      String password =
          passwordFile != null
              ? password(passwordFile, "--password-file")
              : client.password() != null ? client.password() : "";
      address = new ServerAddress(host, port, login, password).withTls(tls);
    }
    return address;
  }

  /**
   * The {@code --ssl-…} flags, gh-ost's {@code --ssl} and {@code --ssl-allow-insecure} among them.
   */
  private Tls tls() {
    String mode = sslMode;
    if (ghostSslAllowInsecure && !ghostSsl) {
      throw new IllegalArgumentException("--ssl-allow-insecure needs --ssl");
    }
    if (ghostSsl) {
      if (sslMode != null) {
        throw new IllegalArgumentException(
            "--ssl and --ssl-mode say the same thing twice; give only --ssl-mode");
      }
      mode = ghostSslAllowInsecure ? "REQUIRED" : "VERIFY_IDENTITY";
    }
    return tls(mode, sslCa, sslCert, sslKey);
  }

  /**
   * The TLS of {@code --ssl-mode} (null: its default), {@code --ssl-ca}, {@code --ssl-cert} and
   * {@code --ssl-key} (each null when not given).
   */
  static Tls tls(String mode, Path ca, Path cert, Path key) {
    ClientCertificate client = null;
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new IllegalArgumentException("--ssl-cert and --ssl-key go together; give both");
      }
      client =
          new ClientCertificate(read(cert, "--ssl-cert"), key.toAbsolutePath().toString())
              .checked();
    }
    return Tls.of(mode, ca == null ? null : read(ca, "--ssl-ca"), client);
  }

  private static String read(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + flag + " " + file + " (" + e.getMessage() + ")");
    }
  }

  /**
   * A {@code host[:port]} flag value (port 3306 when left out) as a server reached with {@code
   * credentials}' user, password and TLS. An IPv6 address is written in brackets when a port
   * follows ({@code [fd00::2]:3307}), and may be bare without one ({@code fd00::2}).
   */
  static ServerAddress hostPort(String value, ServerAddress credentials, String flag) {
    String v = value.strip();
    String host;
    String port = null;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      host = close < 0 ? "" : v.substring(1, close);
      String rest = close < 0 ? "x" : v.substring(close + 1);
      if (rest.startsWith(":")) {
        port = rest.substring(1);
      } else if (!rest.isEmpty()) {
        host = "";
      }
    } else if (v.indexOf(':') != v.lastIndexOf(':')) {
      host = v; // an IPv6 address without a port
    } else {
      int colon = v.indexOf(':');
      host = colon < 0 ? v : v.substring(0, colon);
      port = colon < 0 ? null : v.substring(colon + 1);
    }
    try {
      int p = port == null ? 3306 : Integer.parseInt(port);
      if (host.isBlank() || p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return credentials.at(host, p);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          flag + " takes host[:port] ([address]:port for IPv6), not '" + value + "'");
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
