package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server reached over IPv6 ({@code --host ::1}), as in a single-stack IPv6 network, with a
 * throttle control replica given as {@code [::1]:port}, which {@code host[:port]} used to refuse.
 */
// a control replica that cannot be reached holds the copy for ever: fail here, not in CI's 90 min
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class Ipv6IT {
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 3, MODIFY v VARCHAR(80)";

  private static MysqlServer server;

  @BeforeAll
  static void start() {
    server =
        MysqlServer.start(
            MysqlServerSpec.named("ipv6").withExtraArgs(List.of("--bind-address=127.0.0.1,::1")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void migratesOverIpv6WithAnIpv6ControlReplica() throws Exception {
    TestDatabase db = TestDatabase.create(server, "v6");
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(50), n INT, KEY (n))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < 5000) SELECT n, CONCAT('v', n), n FROM seq",
        // an account that only a session from ::1 can log in as: every session of the
        // migration (its own, Flink CDC's, the binlog reader's, the control replica's) must be one
        "CREATE USER IF NOT EXISTS 'v6'@'::1' IDENTIFIED BY 'v6-pw'",
        "GRANT ALL ON *.* TO 'v6'@'::1'");
    Path password = Files.createTempFile(WORK, "password", "");
    Files.writeString(password, "v6-pw\n");

    String[] migrate =
        args(
            password,
            "migrate",
            "--alter",
            ALTER,
            "--execute",
            "--copy",
            "stream",
            // the server itself: it has the heartbeat, so its lag is the time since the last one
            "--throttle-control-replicas",
            "[::1]:" + server.port());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ghostflink.run(migrate, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Migrated v6.t");

    StringWriter verifyOut = new StringWriter();
    StringWriter verifyErr = new StringWriter();
    int verify =
        Ghostflink.run(
            args(password, "verify", "--alter", ALTER),
            new PrintWriter(verifyOut, true),
            new PrintWriter(verifyErr, true));
    assertThat(verify).as(verifyErr.toString()).isZero();
    assertThat(verifyOut.toString()).contains("Verified:");
  }

  private static String[] args(Path password, String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--host",
                "::1",
                "--port",
                Integer.toString(server.port()),
                "--user",
                "v6",
                "--password-file",
                password.toString(),
                "--database",
                "v6",
                "--table",
                "t"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
