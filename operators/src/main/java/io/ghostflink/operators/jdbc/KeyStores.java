package io.ghostflink.operators.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;

/**
 * The key store files {@link Tls} hands Connector/J and Debezium, which read certificates and keys
 * from such files only, and the PEM certificates they are made of.
 */
final class KeyStores {
  private KeyStores() {}

  /**
   * Writes {@code store} to a new file of this JVM's own in its temporary directory: a random name,
   * readable by this user only (never a file someone else could have put there first, with other
   * authorities in it), deleted when the JVM exits.
   */
  static Path write(KeyStore store, String password, String flag)
      throws IOException, GeneralSecurityException {
    Path file =
        Files.createTempFile(
            Path.of(System.getProperty("java.io.tmpdir")),
            "ghostflink-",
            ".p12",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    file.toFile().deleteOnExit();
    if (!file.toString().matches("[A-Za-z0-9/._\\-]+")) {
      Files.delete(file);
      // the path goes into JDBC URLs as it is
      throw new IllegalStateException(
          "the key store of "
              + flag
              + " would be written to "
              + file.getParent()
              + ", whose name has characters a JDBC URL cannot carry; start ghostflink with"
              + " GHOSTFLINK_JAVA_OPTS=-Djava.io.tmpdir=/tmp");
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  /**
   * The certificates of {@code pem}, which {@code flag} gave; one line naming the flag and {@code
   * expected} when it holds none.
   */
  static List<Certificate> certificates(String pem, String flag, String expected) {
    try {
      List<Certificate> certificates =
          List.copyOf(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))));
      if (certificates.isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          flag + " holds no PEM certificate (" + e.getMessage() + "); give " + expected);
    }
  }
}
