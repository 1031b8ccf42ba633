package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The planner's own nice ratio: up with each hold, down while none comes. */
class AutoPaceTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aCopyThatIsNeverHeldIsNeverPaced() {
    AutoPace pace = new AutoPace();
    for (long t = 0; t < 60 * S; t += S / 20) {
      assertThat(pace.update(false, false, t)).isFalse();
    }
    assertThat(pace.ratio()).isZero();
  }

  @Test
  void eachHoldRaisesThePaceUpToItsMaximum() {
    AutoPace pace = new AutoPace();
    assertThat(pace.update(true, true, 0)).isTrue();
    assertThat(pace.ratio()).isEqualTo(AutoPace.FIRST);
    assertThat(pace.update(false, true, S / 2)).as("a hold that lasts changes nothing").isFalse();
    pace.update(true, true, S);
    assertThat(pace.ratio()).isEqualTo(AutoPace.FIRST * AutoPace.UP);
    for (int i = 0; i < 10; i++) {
      pace.update(true, true, 2 * S + i);
    }
    assertThat(pace.ratio()).isEqualTo(AutoPace.MAX);
  }

  @Test
  void copyingWithoutAHoldLowersThePaceStepByStepToNone() {
    AutoPace pace = new AutoPace();
    pace.update(true, true, 0);
    long t = 10 * S;
    assertThat(pace.update(false, false, t)).as("the calm starts").isFalse();
    assertThat(pace.update(false, false, t + AutoPace.CALM_NANOS - 1)).isFalse();
    assertThat(pace.update(false, false, t + AutoPace.CALM_NANOS)).isTrue();
    assertThat(pace.ratio()).isCloseTo(AutoPace.FIRST * AutoPace.DOWN, within(1e-9));
    double expected = AutoPace.FIRST * AutoPace.DOWN;
    int steps = 1;
    while (expected * AutoPace.DOWN >= AutoPace.FLOOR) {
      steps++;
      expected *= AutoPace.DOWN;
      assertThat(pace.update(false, false, t + steps * AutoPace.CALM_NANOS)).isTrue();
      assertThat(pace.ratio()).isCloseTo(expected, within(1e-9));
    }
    assertThat(pace.update(false, false, t + (steps + 1) * AutoPace.CALM_NANOS)).isTrue();
    assertThat(pace.ratio()).as("under the floor: no rest at all").isZero();
    assertThat(pace.update(false, false, t + (steps + 2) * AutoPace.CALM_NANOS)).isFalse();
  }

  @Test
  void onlyCopyingTimeCountsTowardTheCalm() {
    AutoPace pace = new AutoPace();
    pace.update(true, true, 0);
    long half = AutoPace.CALM_NANOS / 2;
    pace.update(false, false, S);
    pace.update(false, false, S + half); // half a calm copying
    pace.update(false, true, S + half + 1); // then held (the redo log) for a long while
    assertThat(pace.update(false, false, 100 * S)).as("held time does not count").isFalse();
    assertThat(pace.update(false, false, 100 * S + half - 1)).isFalse();
    assertThat(pace.update(false, false, 100 * S + half)).as("the other half").isTrue();
    assertThat(pace.ratio()).isCloseTo(AutoPace.FIRST * AutoPace.DOWN, within(1e-9));
    pace.update(true, false, 101 * S);
    assertThat(pace.update(false, false, 101 * S + AutoPace.CALM_NANOS))
        .as("a latency hold starts the calm over")
        .isFalse();
  }
}
