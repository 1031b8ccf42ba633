package io.ghostflink.controller.throttle;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What {@code echo COMMAND | nc -U SOCKET} does: one command to the socket, its whole answer. */
public final class ControlSocketClient {
  private ControlSocketClient() {}

  public static String send(Path socket, String command) throws Exception {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
