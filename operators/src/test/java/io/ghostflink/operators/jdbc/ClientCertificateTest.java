package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The private keys {@code --ssl-key} reads: PKCS#8, and PKCS#1 RSA as MySQL writes its own. */
class ClientCertificateTest {
  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void rsaKeysReadTheSameAsPkcs8AndAsPkcs1() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PrivateKey key = rsa.generateKeyPair().getPrivate();
    byte[] pkcs8 = key.getEncoded();
    // PKCS#8 of RSA: SEQUENCE { version, AlgorithmIdentifier, OCTET STRING { PKCS#1 } }; the
    // PKCS#1 key is the OCTET STRING's content, the last bytes of the encoding
    int octet = pkcs8.length;
    for (int i = 0; i < pkcs8.length - 4; i++) {
      if (pkcs8[i] == 0x04 && (pkcs8[i + 1] & 0xff) == 0x82) {
        octet = i;
        break;
      }
    }
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, octet + 4, pkcs8.length);

    assertThat(ClientCertificate.privateKey(pem("PRIVATE KEY", pkcs8), "RSA")).isEqualTo(key);
    assertThat(ClientCertificate.privateKey(pem("RSA PRIVATE KEY", pkcs1), "RSA")).isEqualTo(key);
  }

  @Test
  void otherKeyFormsAreRefusedWithTheConversionToUse() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    byte[] pkcs8 = ec.generateKeyPair().getPrivate().getEncoded();
    assertThat(ClientCertificate.privateKey(pem("PRIVATE KEY", pkcs8), "EC")).isNotNull();
    assertThatThrownBy(() -> ClientCertificate.privateKey(pem("EC PRIVATE KEY", pkcs8), "EC"))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(
            () -> ClientCertificate.privateKey(pem("ENCRYPTED PRIVATE KEY", pkcs8), "RSA"))
        .hasMessageStartingWith("--ssl-key holds a PEM block of type ENCRYPTED PRIVATE KEY");
    assertThatThrownBy(() -> ClientCertificate.privateKey("nothing here", "RSA"))
        .hasMessageStartingWith("--ssl-key holds no PEM private key");
    assertThatThrownBy(() -> ClientCertificate.privateKey(pem("PRIVATE KEY", pkcs8), "RSA"))
        .hasMessageStartingWith("--ssl-key is not a private key of --ssl-cert's type RSA");
  }
}
