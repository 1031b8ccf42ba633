package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS to MySQL ({@code --ssl-mode}, {@code --ssl-ca}, gh-ost's {@code --ssl}): the migrations run
 * as an account created {@code REQUIRE SSL}, which MySQL refuses to any session without TLS, so a
 * migration that ends proves that every session of it used TLS (ghostflink's own, Flink CDC's pool,
 * the binlog reader's). Before {@code --ssl-mode} every session connected without TLS and such an
 * account, or a server with {@code require_secure_transport = ON}, could not be migrated at all.
 */
@ExtendWith(MysqlExtension.class)
class TlsIT {
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));
  private static final String USER = "tls_only";
  private static final String PASSWORD = "tls-pw";
  private static final int ROWS = 3_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 3, MODIFY v VARCHAR(80)";

  private TestDatabase db;
  private MysqlInstance mysql;
  private Path password;

  record Run(int exitCode, String out, String err) {
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("ghostflink: error:")).toList();
    }
  }

  @BeforeEach
  void setUp(TestDatabase db, MysqlInstance mysql) throws Exception {
    this.db = db;
    this.mysql = mysql;
    tlsOnlyAccount(db);
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(50), n INT, KEY (n))",
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < "
            + ROWS
            + ") SELECT n, CONCAT('v', n), n FROM seq");
    password = Files.createTempFile(WORK, "password", "");
    Files.writeString(password, PASSWORD + "\n");
  }

  /** The account, {@code caching_sha2_password} as MySQL 8.0 makes them by default. */
  private static void tlsOnlyAccount(TestDatabase on) {
    on.execute(
        "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
        "ALTER USER '" + USER + "'@'%' REQUIRE SSL",
        "GRANT ALL ON *.* TO '" + USER + "'@'%'");
  }

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void everySessionUsesTlsUnderWriters(CopyMode mode) throws Exception {
    Path state = WORK.resolve("state").resolve("tls-" + db.name());
    PostponedMigration.Result migrated;
    try (Workload writers =
        Workload.scripted(
            db,
            List.of(
                "UPDATE t SET v = CONCAT('u', {n}) WHERE id = {id}",
                "DELETE FROM t WHERE id = {id}",
                "INSERT INTO t (id, v, n) VALUES ({id}, 'i', {n}) ON DUPLICATE KEY UPDATE n = n + 1"),
            ROWS,
            4,
            300,
            67)) {
      migrated =
          PostponedMigration.run(
              args(
                  mysql,
                  "migrate",
                  "--ssl-mode",
                  "REQUIRED",
                  "--alter",
                  ALTER,
                  "--execute",
                  "--copy",
                  mode.name().toLowerCase(Locale.ROOT),
                  "--state-dir",
                  state.toString(),
                  "--checkpoint-interval",
                  "500ms"),
              WORK,
              () -> {
                Run status =
                    run(args(mysql, "status", "--ssl-mode", "REQUIRED", "--state-dir", state + ""));
                assertThat(status.exitCode()).as(status.err()).isZero();
                assertThat(status.out()).contains("controller: running");
                writers.close();
                assertThat(writers.committed())
                    .as("writes during the migration")
                    .isGreaterThan(100);
              });
    }
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    assertThat(migrated.out()).contains("Migrated " + db.name() + ".t");
    Run verify = run(args(mysql, "verify", "--ssl-mode", "REQUIRED", "--alter", ALTER));
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("Verified:");
  }

  @Test
  void theServersOwnAuthorityVerifiesItsCertificateButNotTheHost() throws Exception {
    Path ca = serverFile("ssl_ca");

    Run identity =
        run(
            args(
                mysql,
                "migrate",
                "--ssl-mode",
                "VERIFY_IDENTITY",
                "--ssl-ca",
                ca + "",
                "--alter",
                ALTER,
                "--execute"));
    // MySQL's own certificate names no host ("MySQL_Server_8.0.31_Auto_Generated_Server_...")
    assertRefused(identity, "does not match '" + mysql.host() + "'");

    Run anyAuthority =
        run(args(mysql, "migrate", "--ssl-mode", "VERIFY_CA", "--alter", ALTER, "--execute"));
    assertRefused(anyAuthority, "MySQL's TLS certificate was not accepted");

    // --ssl-ca alone means VERIFY_CA, as in MySQL's client
    Run migrated = run(args(mysql, "migrate", "--ssl-ca", ca + "", "--alter", ALTER, "--execute"));
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    assertThat(migrated.out()).contains("Migrated " + db.name() + ".t");
  }

  @Test
  void ghostsSslFlagChecksTheHostOfACertificateThatNamesIt() throws Exception {
    Path dir = Files.createDirectories(WORK.resolve("tls-" + db.name()));
    Path ownCa = serverFile("ssl_ca");
    Pki pki = Pki.make(dir);
    List<Object> was =
        db.query("SELECT @@GLOBAL.ssl_ca, @@GLOBAL.ssl_cert, @@GLOBAL.ssl_key").get(0);
    try {
      reloadTls(pki.ca(), pki.cert(), pki.key());
      Run wrongAuthority =
          run(
              args(
                  mysql,
                  "migrate",
                  "--ssl",
                  "--ssl-ca",
                  ownCa + "",
                  "--alter",
                  ALTER,
                  "--execute"));
      assertRefused(wrongAuthority, "MySQL's TLS certificate was not accepted");

      Run migrated =
          run(
              args(
                  mysql,
                  "migrate",
                  "--ssl",
                  "--ssl-ca",
                  pki.ca() + "",
                  "--alter",
                  ALTER,
                  "--copy",
                  "stream",
                  "--execute"));
      assertThat(migrated.exitCode()).as(migrated.err()).isZero();
      assertThat(migrated.out()).contains("Migrated " + db.name() + ".t");
    } finally {
      reloadTls(was.get(0), was.get(1), was.get(2));
    }
  }

  @Test
  void anAccountThatRequiresAClientCertificateIsShownMysqlsOwn() throws Exception {
    db.execute(
        "CREATE USER IF NOT EXISTS 'x509_only'@'%' IDENTIFIED BY '" + PASSWORD + "' REQUIRE X509",
        "GRANT ALL ON *.* TO 'x509_only'@'%'");
    Path cert = serverFile("ssl_ca").resolveSibling("client-cert.pem");
    Path key = serverFile("ssl_ca").resolveSibling("client-key.pem"); // PKCS#1, as MySQL makes it
    List<String> migrate = args(mysql, "migrate", "--alter", ALTER, "--execute");
    migrate.set(migrate.indexOf(USER), "x509_only");

    Run without = run(migrate);
    assertRefused(without, "--ssl-cert and --ssl-key if it requires a client certificate");

    migrate.addAll(List.of("--ssl-cert", cert.toString(), "--ssl-key", key.toString()));
    Run migrated = run(migrate);
    assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    assertThat(migrated.out()).contains("Migrated " + db.name() + ".t");
  }

  @Test
  void aLoginWithoutTlsIsRefusedSayingWhatToGive() throws Exception {
    Run account = run(args(mysql, "migrate", "--alter", ALTER, "--execute"));
    assertRefused(account, "--ssl-mode if the account requires TLS");

    Path rootPassword = Files.createTempFile(WORK, "password", "");
    Files.writeString(rootPassword, mysql.password() + "\n");
    List<String> asRoot = args(mysql, "migrate", "--alter", ALTER, "--execute");
    asRoot.set(asRoot.indexOf(USER), mysql.user());
    asRoot.set(asRoot.indexOf(password.toString()), rootPassword.toString());
    Run server;
    try (Connection c = mysql.connect("");
        Statement s = c.createStatement()) {
      s.execute("SET GLOBAL require_secure_transport = ON");
      try {
        server = run(asRoot);
      } finally {
        s.execute("SET GLOBAL require_secure_transport = OFF");
      }
    }
    assertRefused(server, "MySQL accepts only TLS connections");
    assertThat(server.errorLines().get(0)).contains("add --ssl-mode REQUIRED");
  }

  /**
   * A move between servers whose TLS differs: the source's account requires TLS, the target's a
   * client certificate signed by the target's own authority ({@code --target-ssl-cert}).
   */
  @Test
  void aTableMovesToAServerThatWantsItsOwnClientCertificate() throws Exception {
    try (MysqlServer target = MysqlServer.start(MysqlServerSpec.named("tls-target"))) {
      TestDatabase onTarget = TestDatabase.create(target, "tls_target");
      onTarget.execute(
          "CREATE USER IF NOT EXISTS 'x509_target'@'%' IDENTIFIED BY '"
              + PASSWORD
              + "' REQUIRE X509",
          "GRANT ALL ON *.* TO 'x509_target'@'%'");
      Path targetData = Path.of((String) onTarget.scalar("SELECT @@datadir"));
      List<String> move =
          args(
              mysql,
              "move",
              "--ssl-mode",
              "REQUIRED",
              "--target-host",
              target.host(),
              "--target-port",
              Integer.toString(target.port()),
              "--target-user",
              "x509_target",
              "--target-database",
              onTarget.name(),
              "--execute");

      // the source's TLS, without a certificate, is refused by the target's account
      assertRefused(run(move), "cannot reach the target " + target.host() + ":" + target.port());
      assertThat(run(move).errorLines().get(0)).contains("--target-ssl-cert");

      move.addAll(
          List.of(
              "--target-ssl-cert",
              targetData.resolve("client-cert.pem").toString(),
              "--target-ssl-key",
              targetData.resolve("client-key.pem").toString()));
      Run moved = run(move);
      assertThat(moved.exitCode()).as(moved.err()).isZero();
      assertThat(onTarget.query("SELECT id, v, n FROM t ORDER BY id"))
          .hasSize(ROWS)
          .isEqualTo(db.query("SELECT id, v, n FROM _t_del ORDER BY id"));
    }
  }

  private void assertRefused(Run run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Ghostflink.BAD_INPUT);
    assertThat(run.errorLines()).as(run.err()).hasSize(1);
    assertThat(run.errorLines().get(0)).contains(message);
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(
            db.query(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                db.name()))
        .as("nothing changed")
        .containsExactly(List.of("t"));
  }

  /** A file the server names in {@code variable} (relative to its data directory). */
  private Path serverFile(String variable) {
    Path file = Path.of((String) db.scalar("SELECT @@GLOBAL." + variable));
    return file.isAbsolute() ? file : Path.of((String) db.scalar("SELECT @@datadir")).resolve(file);
  }

  private void reloadTls(Object ca, Object cert, Object key) throws Exception {
    try (Connection c = mysql.connect("");
        Statement s = c.createStatement()) {
      s.execute("SET GLOBAL ssl_ca = '" + ca + "'");
      s.execute("SET GLOBAL ssl_cert = '" + cert + "'");
      s.execute("SET GLOBAL ssl_key = '" + key + "'");
      s.execute("ALTER INSTANCE RELOAD TLS");
    }
  }

  /**
   * An authority of the test's own and a server certificate it signs, naming 127.0.0.1 and
   * localhost, made with the JDK's keytool; the server's key written as PEM for MySQL.
   */
  record Pki(Path ca, Path cert, Path key) {
    static Pki make(Path dir) throws Exception {
      Path caStore = dir.resolve("ca.p12");
      Path serverStore = dir.resolve("server.p12");
      for (Path p : List.of(caStore, serverStore)) {
        Files.deleteIfExists(p);
      }
      String pw = "changeit";
      keytool(
          "-genkeypair",
          "-alias",
          "ca",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=ghostflink test CA",
          "-ext",
          "bc:c",
          "-validity",
          "30",
          "-keystore",
          caStore + "",
          "-storepass",
          pw,
          "-storetype",
          "PKCS12");
      keytool(
          "-genkeypair",
          "-alias",
          "server",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=localhost",
          "-validity",
          "30",
          "-keystore",
          serverStore + "",
          "-storepass",
          pw,
          "-storetype",
          "PKCS12");
      Path csr = dir.resolve("server.csr");
      keytool(
          "-certreq",
          "-alias",
          "server",
          "-keystore",
          serverStore + "",
          "-storepass",
          pw,
          "-file",
          csr + "");
      Path cert = dir.resolve("server-cert.pem");
      keytool(
          "-gencert",
          "-alias",
          "ca",
          "-keystore",
          caStore + "",
          "-storepass",
          pw,
          "-infile",
          csr + "",
          "-outfile",
          cert + "",
          "-rfc",
          "-validity",
          "30",
          "-ext",
          "san=ip:127.0.0.1,dns:localhost");
      Path ca = dir.resolve("ca.pem");
      keytool(
          "-exportcert",
          "-alias",
          "ca",
          "-keystore",
          caStore + "",
          "-storepass",
          pw,
          "-rfc",
          "-file",
          ca + "");
      KeyStore server = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(serverStore)) {
        server.load(in, pw.toCharArray());
      }
      byte[] pkcs8 = server.getKey("server", pw.toCharArray()).getEncoded();
      Path key = dir.resolve("server-key.pem");
      Files.writeString(
          key,
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(pkcs8)
              + "\n-----END PRIVATE KEY-----\n");
      return new Pki(ca, cert, key);
    }

    private static void keytool(String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("keytool " + String.join(" ", args) + ": " + output).isZero();
    }
  }

  private Run run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Ghostflink.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code command} on the test's table, as the TLS-only account, with {@code more} flags. */
  private List<String> args(MysqlInstance server, String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--host",
                server.host(),
                "--port",
                Integer.toString(server.port()),
                "--user",
                USER,
                "--password-file",
                password.toString(),
                "--database",
                db.name(),
                "--table",
                "t"));
    args.addAll(List.of(more));
    return args;
  }
}
