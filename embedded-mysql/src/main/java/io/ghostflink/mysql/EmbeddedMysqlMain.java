package io.ghostflink.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Runs one embedded server by hand until standard input closes (or Ctrl-C): {@code java -cp …
 * io.ghostflink.mysql.EmbeddedMysqlMain [base-dir]}. Prints one line with its port and PID.
 */
public final class EmbeddedMysqlMain {
  private EmbeddedMysqlMain() {}

  public static void main(String[] args) throws IOException {
    MysqlServerSpec spec = MysqlServerSpec.named("manual");
    if (args.length > 0) {
      spec = spec.withBaseDir(Path.of(args[0]));
    }
    MysqlServer server;
    try {
      server = MysqlServer.start(spec);
    } catch (MysqlServerException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    try (server) {
      System.out.printf(
          "ready port=%d pid=%d user=%s password=%s dir=%s%n",
          server.port(), server.pid(), server.user(), server.password(), server.directory());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() != -1) {
        // Keep running until standard input is closed.
      }
    }
  }
}
