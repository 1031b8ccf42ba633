package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gh-ost's nice ratio, on the reader's clock, wherever that clock's readings lie. */
class ReaderRestTest {
  @Test
  void aChunkIsFollowedByItsTimeTimesTheRatio() {
    ReaderRest rest = new ReaderRest();
    assertThat(rest.left(5_000)).as("no chunk yet").isZero();
    rest.after(100, 1.5, 1_000);
    assertThat(rest.left(1_000)).isEqualTo(150);
    assertThat(rest.left(1_100)).isEqualTo(50);
    assertThat(rest.left(1_150)).isZero();
    assertThat(rest.left(1_000)).as("over once over").isZero();
  }

  @Test
  void noRatioNoRestAndAnOperatorsZeroEndsOne() {
    ReaderRest rest = new ReaderRest();
    rest.after(100, 0, 1_000);
    assertThat(rest.left(1_000)).isZero();
    rest.after(100, 100, 1_000);
    assertThat(rest.left(2_000)).isEqualTo(9_000);
    rest.end();
    assertThat(rest.left(2_000)).isZero();
  }

  @Test
  void negativeAndWrappingClockReadingsCompareByDifference() {
    // System.nanoTime() may be negative, and only differences between its readings mean anything
    ReaderRest rest = new ReaderRest();
    assertThat(rest.left(-5_000_000_000L)).as("a fresh reader on a negative clock").isZero();
    rest.after(100, 1, Long.MAX_VALUE - 50);
    assertThat(rest.left(Long.MAX_VALUE)).isEqualTo(50);
    assertThat(rest.left(Long.MIN_VALUE + 49)).as("across the wrap").isZero();
  }
}
