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
    assertThat(hold.update(0.70, true, 0.78, 0, LOOKAHEAD))
        .as("first reading, no rise known")
        .isFalse();
    // +0.04 in 50 ms: 0.8 a second, 0.12 more within the lookahead
    assertThat(hold.update(0.74, true, 0.78, 50 * MS, LOOKAHEAD)).as("a hold starts").isTrue();
    assertThat(hold.held()).isTrue();
    // still rising (the chunk in flight), 0.4 a second: 0.76 + 0.06 > 0.78
    assertThat(hold.update(0.76, true, 0.78, 100 * MS, LOOKAHEAD)).as("the same hold").isFalse();
    assertThat(hold.held()).isTrue();
    hold.update(0.76, true, 0.78, 150 * MS, LOOKAHEAD);
    assertThat(hold.held()).as("no longer rising, under the limit").isFalse();
    assertThat(hold.holds()).isEqualTo(1);
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
