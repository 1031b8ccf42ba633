package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The one line a failed command prints, without --verbose. */
class OneLineErrorTest {
  @Test
  void aBugSaysItIsOneAndHowToReportIt() {
    String line =
        Ghostflink.oneLine(new StringIndexOutOfBoundsException("begin 0, end -1, length 5"));
    assertThat(line)
        .isEqualTo(
            "an internal error (StringIndexOutOfBoundsException: begin 0, end -1, length 5), a bug"
                + " in ghostflink; run again with --verbose for its stack trace and report it");
    assertThat(Ghostflink.oneLine(new NullPointerException()))
        .startsWith("an internal error (NullPointerException), a bug in ghostflink");
  }

  @Test
  void ghostflinksOwnMessagesAndMysqlsStayAsTheyAre() {
    assertThat(Ghostflink.oneLine(new IllegalArgumentException("--chunk-time must be positive")))
        .isEqualTo("--chunk-time must be positive");
    assertThat(Ghostflink.oneLine(new IllegalStateException("row copy cannot connect: x\nmore")))
        .isEqualTo("row copy cannot connect: x");
    assertThat(Ghostflink.oneLine(new SQLException("Access denied", "28000", 1045)))
        .startsWith("MySQL refused the login (Access denied)")
        .endsWith(
            "and --ssl-mode if the account requires TLS (--ssl-cert and --ssl-key if it requires a client certificate)");
  }

  @Test
  void aRefusedCertificateIsNamedAsOneNotAsAnUnreachableHost() {
    SQLException handshake =
        new SQLException(
            "Communications link failure",
            "08S01",
            new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
    handshake
        .getCause()
        .initCause(new java.security.cert.CertificateException("Path does not chain"));
    assertThat(Ghostflink.oneLine(handshake))
        .startsWith(
            "MySQL's TLS certificate was not accepted (Path does not chain); check --ssl-ca");
    assertThat(
            Ghostflink.oneLine(
                new SQLException(
                    "Connections using insecure transport are prohibited while"
                        + " --require_secure_transport=ON.",
                    "HY000",
                    3159)))
        .startsWith("MySQL accepts only TLS connections (")
        .contains("add --ssl-mode REQUIRED");
  }
}
