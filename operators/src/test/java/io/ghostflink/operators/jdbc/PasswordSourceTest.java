package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourceTest {
  private static final ServerAddress SERVER = new ServerAddress("db1", 3306, "app", "pw");

  @Test
  void anAddressWithAPasswordSourceCarriesNoPasswordAndReadsItFromTheFile(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "s3cret\nsecond line\n");
    ServerAddress redacted = SERVER.withPasswordFrom("file:" + file);
    assertThat(redacted.passwordFrom()).isEqualTo("file:" + file);
    assertThat(redacted.toString()).doesNotContain("pw");
    assertThat(redacted.password()).isEqualTo("s3cret");
    assertThat(redacted.withSqlMode("ANSI").password()).isEqualTo("s3cret");
    assertThat(SERVER.password()).isEqualTo("pw");
  }

  @Test
  void aMissingEnvironmentVariableOrFileSaysWhereItLooked(@TempDir Path dir) {
    assertThatThrownBy(() -> SERVER.withPasswordFrom("env:GHOSTFLINK_TEST_UNSET_42").password())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the MySQL password of app@db1:3306 is to come from environment variable"
                + " GHOSTFLINK_TEST_UNSET_42, which is not set on this Flink task manager; set it"
                + " there (docs/deploy.md)");
    assertThatThrownBy(() -> SERVER.withPasswordFrom("file:" + dir.resolve("none")).password())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "the MySQL password of app@db1:3306 is to come from " + dir.resolve("none"));
  }

  @Test
  void anEnvironmentVariableThatIsSetIsRead() {
    // PATH is set wherever the tests run
    assertThat(SERVER.withPasswordFrom("env:PATH").password()).isEqualTo(System.getenv("PATH"));
  }

  @Test
  void onlyEnvAndFileAreAccepted() {
    assertThat(PasswordSource.check("--flink-password-from", "env:X")).isEqualTo("env:X");
    for (String bad : new String[] {"X", "env:", "vault:x", ""}) {
      assertThatThrownBy(() -> PasswordSource.check("--flink-password-from", bad))
          .hasMessage(
              "--flink-password-from must be env:NAME (an environment variable of the Flink task"
                  + " managers) or file:PATH (a file on their hosts), not "
                  + bad);
    }
  }
}
