package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkSizingTest {
  private static final Duration MS100 = Duration.ofMillis(100);
  private static final Duration MS500 = Duration.ofMillis(500);

  @Test
  void whileQuietAnAdaptiveSizingAimsAtTheLongerOfItsTargetAndTheQuietOne() {
    ChunkSizing sizing = ChunkSizing.adaptive(1_000, MS100, MS500);
    assertThat(sizing.whileQuiet(MS500).targetTime()).isEqualTo(MS500);
    assertThat(sizing.whileQuiet(MS500).firstSize()).isEqualTo(1_000);
    assertThat(sizing.whileQuiet(Duration.ofMillis(50))).isSameAs(sizing);
    assertThat(sizing.whileQuiet(Duration.ZERO)).isSameAs(sizing);
  }

  @Test
  void fixedChunksStayFixedWhileQuiet() {
    ChunkSizing fixed = ChunkSizing.fixed(2_000);
    assertThat(fixed.whileQuiet(MS500)).isSameAs(fixed);
  }

  @Test
  void describesTheQuietTargetWhereItIsLonger() {
    assertThat(ChunkSizing.adaptive(1_000, MS100, MS500).describe())
        .isEqualTo(
            "chunks of about 100 ms, 500 ms once no other session has written for 10 s"
                + " (100..100000 rows)");
    assertThat(ChunkSizing.adaptive(1_000, MS100).describe())
        .isEqualTo("chunks of about 100 ms (100..100000 rows)");
    assertThat(ChunkSizing.fixed(2_000).describe()).isEqualTo("chunks of 2000 rows");
  }

  @Test
  void refusesANegativeQuietTime() {
    assertThatThrownBy(() -> ChunkSizing.adaptive(1_000, MS100, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quiet chunk time");
  }
}
