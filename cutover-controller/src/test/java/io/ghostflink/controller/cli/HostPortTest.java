package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.Tls;
import org.junit.jupiter.api.Test;

/** The {@code host[:port]} values of --throttle-control-replicas and --source-replica-host. */
class HostPortTest {
  private static final ServerAddress PRIMARY =
      new ServerAddress("db1", 3306, "u", "p").withTls(Tls.of("REQUIRED", null));

  private static String where(String value) {
    ServerAddress a = ConnectionOptions.hostPort(value, PRIMARY, "--throttle-control-replicas");
    assertThat(a.user()).isEqualTo("u");
    assertThat(a.password()).isEqualTo("p");
    assertThat(a.tls()).isEqualTo(PRIMARY.tls());
    return a.host() + " " + a.port();
  }

  @Test
  void namesAndIpv4TakeAnOptionalPort() {
    assertThat(where("replica1")).isEqualTo("replica1 3306");
    assertThat(where(" replica1:3307 ")).isEqualTo("replica1 3307");
    assertThat(where("10.0.0.7:3308")).isEqualTo("10.0.0.7 3308");
  }

  @Test
  void ipv6AddressesAreBareOrInBracketsBeforeAPort() {
    assertThat(where("fd00::2")).isEqualTo("fd00::2 3306");
    assertThat(where("[fd00::2]")).isEqualTo("fd00::2 3306");
    assertThat(where("[::1]:3307")).isEqualTo("::1 3307");
  }

  @Test
  void anythingElseIsRefusedInOneLine() {
    for (String bad :
        new String[] {"", ":3306", "db:x", "db:0", "db:70000", "[::1", "[::1]x", "[]:1"}) {
      assertThatThrownBy(() -> where(bad))
          .as(bad)
          .hasMessage(
              "--throttle-control-replicas takes host[:port] ([address]:port for IPv6), not '"
                  + bad
                  + "'");
    }
  }
}
