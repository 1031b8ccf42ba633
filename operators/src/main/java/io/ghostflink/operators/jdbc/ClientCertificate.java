package io.ghostflink.operators.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificate ghostflink shows a server that asks for one ({@code REQUIRE X509}): {@code
 * --ssl-cert} and {@code --ssl-key}, as MySQL's client takes them (PEM).
 *
 * <p>The certificate is public and travels as text, as {@link Tls}' authorities do. The key is a
 * secret: only its path travels, and each machine that connects (the controller, a cluster's
 * JobManager and TaskManagers) reads it there, as {@code --flink-password-from file:} is read.
 * Connector/J and Debezium take the pair from a key store file: each JVM writes one, readable by
 * its user only, with a password of its own drawn at random, and deletes it when it exits.
 *
 * @param certPem the client certificate (and the chain above it, if any), PEM
 * @param keyPath the file of its private key: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA
 *     ({@code BEGIN RSA PRIVATE KEY}, as MySQL makes its own {@code client-key.pem}), unencrypted
 */
public record ClientCertificate(String certPem, String keyPath) implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  /** rsaEncryption's AlgorithmIdentifier, DER: OID 1.2.840.113549.1.1.1, NULL parameters. */
  private static final byte[] RSA_ALGORITHM =
      HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  /** This JVM's key stores, by certificate and key file. */
  private static final Map<ClientCertificate, Store> STORES = new ConcurrentHashMap<>();

  /** A key store file and its password. */
  public record Store(Path file, String password) {}

  public ClientCertificate {
    if (certPem == null || keyPath == null) {
      throw new IllegalArgumentException("--ssl-cert and --ssl-key go together; give both");
    }
    certificates(certPem);
  }

  /** Checks that the key file is readable here and is the certificate's: before anything runs. */
  public ClientCertificate checked() {
    load(new char[0]);
    return this;
  }

  /** This JVM's key store of the certificate and its key, written on first use. */
  public Store store() {
    return STORES.computeIfAbsent(this, ClientCertificate::write);
  }

  private static Store write(ClientCertificate c) {
    try {
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      return new Store(
          KeyStores.write(c.load(password.toCharArray()), password, "--ssl-cert"), password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot write the key store of --ssl-cert (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The certificate and its key, as one key store entry whose key has {@code password}: Connector/J
   * and Debezium open the key with the store's password.
   */
  private KeyStore load(char[] password) {
    List<Certificate> chain = certificates(certPem);
    String text;
    try {
      text = Files.readString(Path.of(keyPath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --ssl-key " + keyPath + " (" + e.getMessage() + ")");
    }
    PrivateKey key = privateKey(text, chain.get(0).getPublicKey().getAlgorithm());
    if (key instanceof java.security.interfaces.RSAPrivateKey k
        && chain.get(0).getPublicKey() instanceof java.security.interfaces.RSAPublicKey c
        && !k.getModulus().equals(c.getModulus())) {
      throw new IllegalArgumentException(
          "--ssl-key " + keyPath + " is not the key of the certificate of --ssl-cert");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--ssl-key " + keyPath + " does not go with --ssl-cert (" + e.getMessage() + ")");
    }
  }

  /** A PEM private key: PKCS#8, or PKCS#1 RSA (wrapped into PKCS#8 here). */
  static PrivateKey privateKey(String pem, String algorithm) {
    Matcher m = PEM.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "--ssl-key holds no PEM private key; give the unencrypted key of --ssl-cert");
    }
    String type = m.group(1);
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    byte[] pkcs8;
    if (type.equals("PRIVATE KEY")) {
      pkcs8 = der;
    } else if (type.equals("RSA PRIVATE KEY")) {
      pkcs8 = sequence(concat(new byte[] {2, 1, 0}, RSA_ALGORITHM, tagged(4, der)));
    } else {
      throw new IllegalArgumentException(
          "--ssl-key holds a PEM block of type "
              + type
              + ", which ghostflink cannot read; give the key unencrypted as PKCS#8: openssl"
              + " pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--ssl-key is not a private key of --ssl-cert's type "
              + algorithm
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  private static byte[] sequence(byte[] content) {
    return tagged(0x30, content);
  }

  /** A DER element: its tag, its length (short or long form), its content. */
  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static List<Certificate> certificates(String pem) {
    return KeyStores.certificates(
        pem,
        "--ssl-cert",
        "the client certificate (MySQL's own: client-cert.pem in its data directory)");
  }

  @Override
  public String toString() {
    return "client certificate with key " + keyPath;
  }
}
