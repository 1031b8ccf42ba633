package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the planner sees other writers: rows they changed, two a second or more. */
class OtherWritersTest {
  private static final long MS = 1_000_000L;

  @Test
  void twoRowsInAFewHundredMillisecondsAreWriting() {
    assertThat(OtherWriters.writing(2, 300 * MS)).isTrue();
    assertThat(OtherWriters.writing(400, 300 * MS)).isTrue();
  }

  @Test
  void oneRowIsNoRateYet() {
    assertThat(OtherWriters.writing(0, 300 * MS)).isFalse();
    assertThat(OtherWriters.writing(1, 10 * MS)).isFalse();
  }

  @Test
  void aHeartbeatOfARowASecondOverALongSpanIsNotWriting() {
    assertThat(OtherWriters.writing(2, 1_200 * MS)).isFalse();
    assertThat(OtherWriters.writing(3, 2_500 * MS)).isFalse();
    assertThat(OtherWriters.writing(3, 1_400 * MS)).isTrue();
  }

  @Test
  void twoRowsASecondCountAndFewerDoNot() {
    OtherWriters others = new OtherWriters();
    assertThat(others.update(100, 0)).as("one reading: not known, as if they wrote").isTrue();
    assertThat(others.update(100, 50 * MS)).as("nothing changed").isFalse();
    assertThat(others.update(101, 100 * MS)).as("one row: a heartbeat's").isFalse();
    assertThat(others.update(102, 150 * MS)).as("a second row within the second").isTrue();
    for (long t = 200; t <= 950; t += 50) {
      others.update(102, t * MS);
    }
    assertThat(others.writing()).as("two rows within the second").isTrue();
    assertThat(others.update(102, 1_050 * MS)).as("two rows over more than a second").isFalse();
    assertThat(others.update(110, 1_100 * MS)).as("eight more: 10 rows in 1.1 s").isTrue();
    for (long t = 1_150; t <= 3_050; t += 50) {
      others.update(110, t * MS);
    }
    assertThat(others.writing()).as("8 rows over the last 2 s").isTrue();
    assertThat(others.update(110, 3_300 * MS)).as("more than 2 s later, quiet").isFalse();
  }

  /**
   * Writers the planner must not count, read as the planner reads: every 250 ms, with a reading now
   * and then that says nothing (one of ghostflink's statements ended during it), so that the span
   * between two counted readings stretches. And one it must count from its first seconds.
   */
  @Test
  void aHeartbeatOfARowASecondAndRarerWritersNeverCountAndTwoAndAHalfAlwaysDo() {
    for (long periodMs : new long[] {1_000, 1_300}) {
      for (long phaseMs = 0; phaseMs < periodMs; phaseMs += 37) {
        OtherWriters others = new OtherWriters();
        for (long t = 0; t <= 30_000; t += 250) {
          if (t % 1_750 == 500 || t % 2_250 == 750) {
            continue; // a reading that said nothing
          }
          long rows = 1_000 + (t + periodMs - phaseMs) / periodMs; // rows written by t
          boolean writing = others.update(rows, t * MS);
          if (t > 0) {
            assertThat(writing)
                .as("one row every %d ms (phase %d), at %d ms", periodMs, phaseMs, t)
                .isFalse();
          }
        }
      }
    }
    for (long phaseMs = 0; phaseMs < 400; phaseMs += 23) {
      OtherWriters others = new OtherWriters();
      for (long t = 0; t <= 30_000; t += 250) {
        if (t % 1_750 == 500) {
          continue;
        }
        long rows = 1_000 + (t + 400 - phaseMs) / 400;
        boolean writing = others.update(rows, t * MS);
        if (t >= 1_000) {
          assertThat(writing).as("a row every 400 ms (phase %d), at %d ms", phaseMs, t).isTrue();
        }
      }
    }
  }

  @Test
  void unknownCountsAsWritingAndStartsOver() {
    OtherWriters others = new OtherWriters();
    others.update(5, 0);
    others.update(5, 50 * MS);
    assertThat(others.update(-1, 100 * MS)).isTrue();
    assertThat(others.update(5, 150 * MS)).as("a first reading again").isTrue();
    assertThat(others.update(5, 200 * MS)).isFalse();
  }

  @Test
  void fewerRowsThanBeforeIsNoWriter() {
    OtherWriters others = new OtherWriters();
    others.update(10_000, 0);
    // one of ghostflink's chunks ended between the two sums of the earlier reading
    assertThat(others.update(0, 50 * MS)).isFalse();
  }

  @Test
  void silentAfterTenSecondsWithoutAChangedRow() {
    OtherWriters others = new OtherWriters();
    others.update(100, -1, 0);
    assertThat(others.silent(0)).as("no history: not known yet").isFalse();
    others.update(100, -1, 5_000 * MS);
    others.update(101, -1, 6_000 * MS);
    assertThat(others.writing()).as("one row: a heartbeat's").isFalse();
    others.update(101, -1, 6_250 * MS);
    assertThat(others.silent(15_950 * MS)).as("one row at 6 s counts").isFalse();
    others.update(101, -1, 16_000 * MS);
    assertThat(others.silent(16_000 * MS)).isTrue();
    others.update(90, -1, 16_250 * MS);
    assertThat(others.silent(16_250 * MS)).as("fewer rows than before: no writer").isTrue();
    others.update(8_090, -1, 16_500 * MS);
    assertThat(others.silent(16_500 * MS)).as("a rise, not confirmed yet").isTrue();
    others.update(90, -1, 16_750 * MS);
    assertThat(others.silent(16_750 * MS))
        .as("it fell back: a session of ghostflink's that connected while the figures were read")
        .isTrue();
    others.update(91, -1, 17_000 * MS);
    others.update(92, -1, 17_250 * MS);
    assertThat(others.silent(17_250 * MS)).as("a rise that rose on").isFalse();
    others.update(92, -1, 27_250 * MS);
    assertThat(others.silent(27_250 * MS)).as("10 s after the last confirmed rise").isTrue();
    others.update(-1, -1, 27_500 * MS);
    assertThat(others.silent(27_500 * MS)).as("not known: as if one wrote").isFalse();
  }

  @Test
  void theStatementHistoryLooksBackAtTheFirstReadingAndAfter() {
    OtherWriters never = new OtherWriters();
    never.update(100, RedoGauge.Reading.NO_RECENT_WRITE, 0);
    assertThat(never.silent(0)).as("a first reading: sessions gone are not seen yet").isFalse();
    never.update(100, RedoGauge.Reading.NO_RECENT_WRITE, 250 * MS);
    assertThat(never.silent(250 * MS)).as("no write in the history, none since").isTrue();
    OtherWriters lately = new OtherWriters();
    lately.update(100, 3_000 * MS, 0);
    lately.update(100, -1, 250 * MS);
    assertThat(lately.silent(6_950 * MS)).isFalse();
    assertThat(lately.silent(7_000 * MS)).as("10 s after the write the history holds").isTrue();
    lately.update(100, 1_000 * MS, 7_000 * MS);
    assertThat(lately.silent(7_000 * MS))
        .as("a write the counters missed (its statement ended between two readings)")
        .isFalse();
  }
}
