package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code --ssl-mode} and {@code --ssl-ca} become for Connector/J and Debezium. */
class TlsTest {
  /** A real authority's certificate, as PEM: the first of the JDK's own trusted ones. */
  private static Certificate someCertificate() throws Exception {
    KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      cacerts.load(in, null);
    }
    return cacerts.getCertificate(Collections.list(cacerts.aliases()).get(0));
  }

  private static String pem(Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void modesAreMysqlsClientsWithItsDefaults() {
    assertThat(Tls.of(null, null)).isEqualTo(Tls.DISABLED);
    assertThat(Tls.of("required", null).mode()).isEqualTo(Tls.Mode.REQUIRED);
    assertThat(Tls.of(" Verify_Identity ", null).mode()).isEqualTo(Tls.Mode.VERIFY_IDENTITY);
    assertThatThrownBy(() -> Tls.of("on", null))
        .hasMessage(
            "--ssl-mode on is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA,"
                + " VERIFY_IDENTITY");
  }

  @Test
  void aCaFileAloneVerifiesTheAuthorityAndIsRefusedWhereNothingIsVerified() throws Exception {
    String pem = pem(someCertificate());
    assertThat(Tls.of(null, pem).mode()).isEqualTo(Tls.Mode.VERIFY_CA);
    assertThatThrownBy(() -> Tls.of("REQUIRED", pem))
        .hasMessageContaining("which --ssl-mode REQUIRED does not do");
    assertThatThrownBy(() -> Tls.of("VERIFY_CA", "not a certificate"))
        .hasMessageStartingWith("--ssl-ca holds no PEM certificate");
  }

  @Test
  void withoutTlsConnectorJIsToldSoAndDebeziumToo() {
    Map<String, String> jdbc = Tls.DISABLED.jdbcSettings();
    assertThat(jdbc)
        .containsEntry("useSSL", "false")
        .containsEntry("sslMode", "DISABLED")
        .containsEntry("allowPublicKeyRetrieval", "true")
        .doesNotContainKey("trustCertificateKeyStoreUrl");
    assertThat(Tls.DISABLED.urlParameters())
        .isEqualTo("useSSL=false&sslMode=DISABLED&allowPublicKeyRetrieval=true");
    assertThat(Tls.DISABLED.debeziumSettings())
        .containsExactly(Map.entry("database.ssl.mode", "disabled"));
    assertThat(Tls.of("REQUIRED", null).jdbcSettings())
        .containsEntry("useSSL", "true")
        .containsEntry("sslMode", "REQUIRED");
  }

  @Test
  void theAuthorityTravelsAsTextAndBecomesATrustStoreWhereverItConnects() throws Exception {
    Certificate ca = someCertificate();
    Tls tls = Tls.of("VERIFY_IDENTITY", pem(ca));
    ServerAddress address = new ServerAddress("db1", 3306, "u", "p").withTls(tls);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(address);
    }
    ServerAddress there;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      there = (ServerAddress) in.readObject();
    }
    assertThat(there.tls()).isEqualTo(tls);

    Path first = there.tls().trustStore();
    assertThat(there.tls().trustStore()).as("written once").isEqualTo(first);
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(first)))
        .as("this user's alone")
        .isEqualTo("rw-------");
    Files.delete(first); // as on a machine where it was never written
    Map<String, String> jdbc = there.tls().jdbcSettings();
    Path store = there.tls().trustStore();
    assertThat(store).exists();
    assertThat(jdbc)
        .containsEntry("sslMode", "VERIFY_IDENTITY")
        .containsEntry("trustCertificateKeyStoreUrl", store.toUri().toString())
        .containsEntry("trustCertificateKeyStoreType", "PKCS12");
    assertThat(there.tls().debeziumSettings())
        .containsEntry("database.ssl.mode", "verify_identity")
        .containsEntry("database.ssl.truststore", store.toString());
    KeyStore written = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      written.load(in, Tls.TRUST_STORE_PASSWORD.toCharArray());
    }
    assertThat(Collections.list(written.aliases())).hasSize(1);
    assertThat(written.getCertificate(written.aliases().nextElement())).isEqualTo(ca);
    assertThat(there.jdbcUrl("shop")).contains("sslMode=VERIFY_IDENTITY&");
  }

  @Test
  void anotherServerReachedAsThisOneKeepsItsLoginAndTls() {
    Tls tls = Tls.of("REQUIRED", null);
    ServerAddress primary =
        new ServerAddress("db1", 3306, "u", "p", "STRICT_ALL_TABLES").withTls(tls);
    ServerAddress replica = primary.at("db2", 3307);
    assertThat(replica).isEqualTo(new ServerAddress("db2", 3307, "u", "p").withTls(tls));
  }
}
