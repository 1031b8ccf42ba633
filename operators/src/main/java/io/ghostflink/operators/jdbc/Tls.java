package io.ghostflink.operators.jdbc;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How ghostflink's sessions to a server use TLS: every one of them, its own JDBC sessions, Flink
 * CDC's pool and Debezium's binlog connection, alike.
 *
 * <p>Connector/J and Debezium take the certificates to trust from a key store file, not from PEM;
 * {@link #trustStore} writes the PEM of {@code --ssl-ca} into one (PKCS#12) on the machine that
 * connects, a task manager included: the address travels in the job graph with the certificates'
 * text (public, unlike the password), never a path of the controller's machine.
 *
 * @param mode the TLS mode, named as MySQL's own client names them ({@code --ssl-mode})
 * @param caPem the certificates of the authorities that sign the server's certificate, PEM; null:
 *     the JVM's own trusted authorities (used by the VERIFY modes only)
 * @param client the certificate shown to a server that asks for one, or null
 */
public record Tls(Mode mode, String caPem, ClientCertificate client) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No TLS: gh-ost's default, and ghostflink's before {@code --ssl-mode}. */
  public static final Tls DISABLED = new Tls(Mode.DISABLED, null, null);

  /**
   * The password of the trust store file. It holds only certificates, which are public; PKCS#12
   * needs one for its integrity check.
   */
  static final String TRUST_STORE_PASSWORD = "ghostflink";

  /** This JVM's trust store files, by the certificates in them. */
  private static final Map<String, Path> TRUST_STORES = new ConcurrentHashMap<>();

  /** MySQL's client {@code --ssl-mode} values, with their meaning there. */
  public enum Mode {
    /** Plain connections. */
    DISABLED,
    /** TLS when the server offers it, plain otherwise; the server's certificate not checked. */
    PREFERRED,
    /** TLS or no connection; the server's certificate not checked. */
    REQUIRED,
    /** TLS, with the server's certificate signed by a trusted authority. */
    VERIFY_CA,
    /** As VERIFY_CA, and the certificate names the host connected to. */
    VERIFY_IDENTITY;

    /** Whether the server's certificate is checked. */
    public boolean verifies() {
      return this == VERIFY_CA || this == VERIFY_IDENTITY;
    }
  }

  public Tls {
    if (mode == null) {
      throw new IllegalArgumentException("a TLS mode is needed");
    }
    if (caPem != null && !mode.verifies()) {
      throw new IllegalArgumentException(
          "--ssl-ca is used to check the server's certificate, which --ssl-mode "
              + mode
              + " does not do; use --ssl-mode VERIFY_CA or VERIFY_IDENTITY");
    }
    if (caPem != null) {
      certificates(caPem); // refuses text that holds no certificate, before anything connects
    }
    if (client != null && mode == Mode.DISABLED) {
      throw new IllegalArgumentException(
          "--ssl-cert is shown over TLS, which --ssl-mode DISABLED turns off; use --ssl-mode"
              + " REQUIRED, VERIFY_CA or VERIFY_IDENTITY");
    }
  }

  /**
   * The TLS of {@code --ssl-mode} (null: DISABLED, or VERIFY_CA with a CA file, as MySQL's client
   * does) and the text of {@code --ssl-ca} (null: none).
   */
  public static Tls of(String mode, String caPem) {
    return of(mode, caPem, null);
  }

  /** {@link #of(String, String)} showing {@code client} (null: none; REQUIRED without a mode). */
  public static Tls of(String mode, String caPem, ClientCertificate client) {
    Mode m;
    if (mode == null) {
      m = caPem != null ? Mode.VERIFY_CA : client != null ? Mode.REQUIRED : Mode.DISABLED;
    } else {
      try {
        m = Mode.valueOf(mode.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--ssl-mode "
                + mode
                + " is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY");
      }
    }
    return new Tls(m, caPem, client);
  }

  /**
   * Connector/J's settings for this mode, as URL parameters and properties alike. Both {@code
   * useSSL} and {@code sslMode} are given: Debezium's sessions build their URL with {@code useSSL}
   * of their own unless one is given. {@code allowPublicKeyRetrieval}: without TLS, a {@code
   * caching_sha2_password} account's first login after the server starts needs the server's RSA key
   * to send the password.
   */
  public Map<String, String> jdbcSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("useSSL", Boolean.toString(mode != Mode.DISABLED));
    s.put("sslMode", mode.name());
    s.put("allowPublicKeyRetrieval", "true");
    if (caPem != null) {
      s.put("trustCertificateKeyStoreUrl", trustStore().toUri().toString());
      s.put("trustCertificateKeyStoreType", "PKCS12");
      s.put("trustCertificateKeyStorePassword", TRUST_STORE_PASSWORD);
    }
    if (client != null) {
      ClientCertificate.Store store = client.store();
      s.put("clientCertificateKeyStoreUrl", store.file().toUri().toString());
      s.put("clientCertificateKeyStoreType", "PKCS12");
      s.put("clientCertificateKeyStorePassword", store.password());
    }
    return s;
  }

  /** The settings as URL parameters, {@code &} between them. */
  public String urlParameters() {
    StringBuilder b = new StringBuilder();
    jdbcSettings()
        .forEach(
            (name, value) -> {
              if (b.length() > 0) {
                b.append('&');
              }
              b.append(name).append('=').append(value);
            });
    return b.toString();
  }

  /**
   * Debezium's settings for its binlog connection (mysql-binlog-connector-java): the same mode, and
   * the trust store. Without one, Debezium trusts any certificate in PREFERRED and REQUIRED, and
   * the JVM's authorities in the VERIFY modes, as Connector/J does.
   */
  public Map<String, String> debeziumSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("database.ssl.mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    if (caPem != null) {
      s.put("database.ssl.truststore", trustStore().toString());
      s.put("database.ssl.truststore.password", TRUST_STORE_PASSWORD);
    }
    if (client != null) {
      ClientCertificate.Store store = client.store();
      s.put("database.ssl.keystore", store.file().toString());
      s.put("database.ssl.keystore.password", store.password());
    }
    return s;
  }

  /**
   * This JVM's PKCS#12 file of {@link #caPem}'s certificates, written on first use (again if it is
   * gone), in its temporary directory ({@link KeyStores#write}).
   */
  Path trustStore() {
    return TRUST_STORES.compute(
        caPem, (pem, old) -> old != null && Files.exists(old) ? old : writeTrustStore(pem));
  }

  private static Path writeTrustStore(String pem) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(pem)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      return KeyStores.write(ks, TRUST_STORE_PASSWORD, "--ssl-ca");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot write the trust store of --ssl-ca (" + e.getMessage() + ")", e);
    }
  }

  private static List<Certificate> certificates(String pem) {
    return KeyStores.certificates(
        pem,
        "--ssl-ca",
        "the file of the authority that signed the server's certificate (MySQL's own: ca.pem in"
            + " its data directory)");
  }

  @Override
  public String toString() {
    return mode + (caPem == null ? "" : " (--ssl-ca)") + (client == null ? "" : " (--ssl-cert)");
  }
}
