package io.ghostflink.controller.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.operators.model.TableRef;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the interactive socket is served, and what it does with a file already there. */
class ControlSocketTest {
  @TempDir Path dir;

  private static final ControlSocket.Target TARGET =
      new ControlSocket.Target() {
        @Override
        public String status() {
          return "migrating d.t";
        }

        @Override
        public void write(String hint, String value) {}

        @Override
        public String setting(String name) {
          return "";
        }

        @Override
        public void panic() {}
      };

  @Test
  void ghostsDefaultFileIsNamedAfterTheTable() {
    Path file = ControlSocket.defaultFile(new TableRef("shop", "orders"));
    assertThat(file).isEqualTo(Path.of("/tmp/gh-ost.shop.orders.sock"));
    assertThat(ControlSocket.isDefault(file)).isTrue();
    assertThat(ControlSocket.isDefault(Path.of("/tmp/migration.sock"))).isFalse();
    assertThat(ControlSocket.isDefault(Path.of("/var/run/gh-ost.shop.orders.sock"))).isFalse();
  }

  @Test
  void aStaleSocketFileIsReplacedAndALiveOneIsNot() throws Exception {
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(stale));
    }
    assertThat(stale).exists(); // its process gone, the file left behind
    try (ControlSocket socket = ControlSocket.serve(stale, TARGET)) {
      assertThat(ControlSocketClient.send(stale, "status")).isEqualTo("migrating d.t\n");

      // a second migration given the same file does not take it from the first
      assertThatThrownBy(() -> ControlSocket.serve(stale, TARGET))
          .isInstanceOf(IOException.class)
          .hasMessage("another process serves " + stale);
      assertThat(ControlSocketClient.send(stale, "sup")).isEqualTo("migrating d.t\n");
    }
    assertThat(stale).doesNotExist();
  }
}
