package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the redo log holds new chunks: over the limit, or rising fast enough to pass it. */
class RedoHoldTest {
  private static final long MS = 1_000_000L;
  private static final long LOOKAHEAD = 150 * MS;

  @Test
  void aFastRiseIsHeldBeforeItReachesTheLimitAndReleasedOnceItStops() {
    RedoHold hold = new RedoHold();
    // +0.01 every 50 ms: 0.2 a second, 0.03 more within the lookahead
    for (int i = 0; i < 4; i++) {
      assertThat(hold.update(0.60 + i * 0.01, true, 0.66, i * 50 * MS, LOOKAHEAD))
          .as("no rise known before readings span %d ms", RedoHold.SPAN_NANOS / MS)
          .isFalse();
    }
    assertThat(hold.update(0.64, true, 0.66, 200 * MS, LOOKAHEAD))
        .as("0.64 + 0.03 > 0.66: a hold starts")
        .isTrue();
    // no longer rising, but the span still reaches back to the rise: 0.64 + 0.0225 > 0.66
    assertThat(hold.update(0.64, true, 0.66, 250 * MS, LOOKAHEAD)).as("the same hold").isFalse();
    assertThat(hold.held()).isTrue();
    for (long t = 300; t <= 400; t += 50) {
      hold.update(0.64, true, 0.66, t * MS, LOOKAHEAD);
    }
    assertThat(hold.held()).as("flat for a span, under the limit").isFalse();
    assertThat(hold.holds()).isEqualTo(1);
  }

  @Test
  void aJumpBetweenTwoReadingsCloseTogetherIsNotARise() {
    RedoHold hold = new RedoHold();
    for (long t = 0; t <= 200; t += 50) {
      hold.update(0.20, true, 0.70, t * MS, LOOKAHEAD);
    }
    // a chunk's commit wrote 3% of the log between two readings 1 ms apart (the second came
    // right after the first, which had waited on a busy server): over the last two readings that
    // was a rise of 30 a second, 4.5 of the log within the lookahead
    assertThat(hold.update(0.23, true, 0.70, 201 * MS, LOOKAHEAD))
        .as("0.23 + 0.03 over 201 ms × 150 ms: far under 0.70")
        .isFalse();
    assertThat(hold.held()).isFalse();
    assertThat(hold.holds()).isZero();
  }

  @Test
  void overTheLimitHoldsUntilInnoDbBringsItUnder() {
    RedoHold hold = new RedoHold();
    assertThat(hold.update(0.80, true, 0.78, 0, LOOKAHEAD)).isTrue();
    hold.update(0.79, true, 0.78, 50 * MS, LOOKAHEAD);
    assertThat(hold.held()).as("falling, still over").isTrue();
    hold.update(0.60, true, 0.78, 100 * MS, LOOKAHEAD);
    assertThat(hold.held()).isFalse();
    assertThat(hold.update(0.79, true, 0.78, 3_000 * MS, LOOKAHEAD))
        .as("a second hold; the rise over a stale interval is not counted")
        .isTrue();
    assertThat(hold.holds()).isEqualTo(2);
  }

  @Test
  void nothingIsHeldWhileNoOtherSessionWrites() {
    RedoHold hold = new RedoHold();
    assertThat(hold.update(0.90, false, 0.78, 0, LOOKAHEAD)).isFalse();
    assertThat(hold.over()).isTrue();
    assertThat(hold.held()).as("nobody waits on the flush").isFalse();
    assertThat(hold.update(0.90, true, 0.78, 50 * MS, LOOKAHEAD)).as("a writer came").isTrue();
    assertThat(hold.held()).isTrue();
  }

  @Test
  void offOrUnknownNeverHolds() {
    RedoHold hold = new RedoHold();
    assertThat(hold.update(0.95, true, 0, 0, LOOKAHEAD)).as("0 turns it off").isFalse();
    assertThat(hold.update(Double.NaN, true, 0.78, 50 * MS, LOOKAHEAD))
        .as("a server without the figures")
        .isFalse();
    assertThat(hold.update(0.5, true, 0.78, 100 * MS, LOOKAHEAD)).isFalse();
    assertThat(hold.held()).isFalse();
  }
}
