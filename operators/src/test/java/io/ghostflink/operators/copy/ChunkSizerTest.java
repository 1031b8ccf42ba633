package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkSizerTest {
  private static final long MS = 1_000_000L;

  private static ChunkSizer adaptive(int first, long targetMs) {
    return new ChunkSizer(ChunkSizing.adaptive(first, Duration.ofMillis(targetMs)));
  }

  // plans chunk id at the current size and reports it copied in ms
  private static void copy(ChunkSizer sizer, long id, long ms) {
    sizer.planned(id, sizer.size());
    sizer.copied(id, ms * MS);
  }

  @Test
  void fixedSizingNeverMoves() {
    ChunkSizer sizer = new ChunkSizer(ChunkSizing.fixed(10_000));
    copy(sizer, 0, 5);
    copy(sizer, 1, 5_000);
    assertThat(sizer.size()).isEqualTo(10_000);
  }

  @Test
  void growsAtMostTwofoldPerChunkTowardsTheTarget() {
    ChunkSizer sizer = adaptive(1_000, 100);
    copy(sizer, 0, 10); // 100 rows/ms: 10,000 rows would take the target
    assertThat(sizer.size()).isEqualTo(2_000);
    copy(sizer, 1, 20);
    assertThat(sizer.size()).isEqualTo(4_000);
    copy(sizer, 2, 40);
    copy(sizer, 3, 80);
    assertThat(sizer.size()).isEqualTo(10_000);
    copy(sizer, 4, 100);
    assertThat(sizer.size()).isEqualTo(10_000);
  }

  @Test
  void followsTheSlowestOfTheLastChunksAndForgetsOldOnes() {
    ChunkSizer sizer = adaptive(10_000, 100);
    copy(sizer, 0, 200); // 50 rows/ms
    assertThat(sizer.size()).isEqualTo(5_000);
    for (int id = 1; id <= ChunkSizer.WINDOW; id++) {
      copy(sizer, id, 25); // 200 rows/ms, but the slow chunk is still in the window
    }
    // after WINDOW fast chunks the slow one has left the window; growth is still at most twofold
    assertThat(sizer.size()).isEqualTo(10_000);
    copy(sizer, ChunkSizer.WINDOW + 1, 50);
    assertThat(sizer.size()).isEqualTo(20_000);
  }

  @Test
  void aChunkFarOverTheTargetShrinksTheSizeAtOnce() {
    ChunkSizer sizer = adaptive(20_000, 100);
    copy(sizer, 0, 100);
    copy(sizer, 1, 1_000); // 20 rows/ms: ten times over
    assertThat(sizer.size()).isEqualTo(2_000);
  }

  @Test
  void staysWithinItsBounds() {
    ChunkSizer sizer = adaptive(1_000, 100);
    copy(sizer, 0, 100_000);
    assertThat(sizer.size()).isEqualTo(ChunkSizing.MIN_ROWS);
    for (int id = 1; id < 40; id++) {
      copy(sizer, id, 1);
    }
    assertThat(sizer.size()).isEqualTo(ChunkSizing.MAX_ROWS);
  }

  @Test
  void chunksPlannedBeforeARestartDoNotCount() {
    ChunkSizer sizer = adaptive(1_000, 100);
    sizer.copied(7, 1_000 * MS);
    assertThat(sizer.size()).isEqualTo(1_000);
  }

  @Test
  void anOperatorsSettingTakesOverAndANewTargetStartsFromTheCurrentSize() {
    ChunkSizer sizer = adaptive(1_000, 100);
    copy(sizer, 0, 10);
    assertThat(sizer.size()).isEqualTo(2_000);
    sizer.use(CopyControls.parse("size 500").orElseThrow());
    assertThat(sizer.size()).isEqualTo(500);
    copy(sizer, 1, 1);
    assertThat(sizer.size()).isEqualTo(500);
    sizer.use(CopyControls.parse("time 50").orElseThrow());
    assertThat(sizer.size()).isEqualTo(500);
    copy(sizer, 2, 5); // 100 rows/ms at 50 ms: 5,000, but at most twofold
    assertThat(sizer.size()).isEqualTo(1_000);
    sizer.use(CopyControls.parse("time 50").orElseThrow()); // read again: no reset
    assertThat(sizer.size()).isEqualTo(1_000);
    assertThat(CopyControls.parse("fast")).isEmpty();
    assertThat(CopyControls.parse("size -3")).isEmpty();
  }

  @Test
  void aShorterTargetScalesTheSizeDownAtOnceAndALongerOneGrowsAsChunksAreTimed() {
    ChunkSizer sizer = adaptive(1_000, 100);
    copy(sizer, 0, 10); // 100 rows/ms
    copy(sizer, 1, 20);
    copy(sizer, 2, 40);
    copy(sizer, 3, 80);
    assertThat(sizer.size()).isEqualTo(10_000);
    // the quiet target: grows twofold a chunk from the rates it already has
    sizer.use(ChunkSizing.adaptive(1_000, Duration.ofMillis(500)));
    assertThat(sizer.size()).isEqualTo(10_000);
    copy(sizer, 4, 100);
    assertThat(sizer.size()).isEqualTo(20_000);
    copy(sizer, 5, 200);
    copy(sizer, 6, 400);
    assertThat(sizer.size()).isEqualTo(50_000);
    // a writer came: back to 100 ms, a fifth of the size before the next chunk is timed
    sizer.use(ChunkSizing.adaptive(1_000, Duration.ofMillis(100)));
    assertThat(sizer.size()).isEqualTo(10_000);
    copy(sizer, 7, 100);
    assertThat(sizer.size()).isEqualTo(10_000);
  }
}
