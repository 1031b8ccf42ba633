package io.ghostflink.controller.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.jdbc.ServerAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerBootTest {
  private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 1, "u", "p");

  @Test
  void aReadingSecondsApartOfOneRunningServerIsNoRestart() {
    // the clock and Uptime are read by two statements in whole seconds: a second apart either way
    ServerBoot first = new ServerBoot(SERVER, 1_000_000);
    assertThat(new ServerBoot(SERVER, 1_000_001).restartedSince(first)).isFalse();
    assertThat(new ServerBoot(SERVER, 1_000_002).restartedSince(first)).isFalse();
    assertThat(new ServerBoot(SERVER, 999_999).restartedSince(first)).isFalse();
  }

  @Test
  void aLaterStartIsARestart() {
    ServerBoot first = new ServerBoot(SERVER, 1_000_000);
    assertThat(new ServerBoot(SERVER, 1_000_003).restartedSince(first)).isTrue();
    assertThat(new ServerBoot(SERVER, 1_086_400).restartedSince(first)).isTrue();
  }

  @Test
  void aServerThatDoesNotAnswerWithinTheWaitGivesNoReading() throws Exception {
    // nothing listens on port 1
    assertThat(new ServerBoot(SERVER, 0).awaitAnswer(Duration.ofMillis(300), Duration.ofMillis(50)))
        .isEmpty();
  }
}
