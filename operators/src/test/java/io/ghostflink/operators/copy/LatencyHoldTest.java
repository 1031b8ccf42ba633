package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the application's statements, slower than without the copy, hold new chunks. */
class LatencyHoldTest {
  private static final long MS = 1_000_000L;
  private static final long PICOS_PER_MS = 1_000_000_000L;

  /** Other sessions running 100 statements between readings 50 ms apart, read by {@code hold}. */
  private static final class Writers {
    final LatencyHold hold = new LatencyHold();
    long statements;
    long picos;
    long t;

    /** The first reading, before any statement. */
    boolean start() {
      return hold.update(statements, picos, 3, t, false);
    }

    /** 100 statements of {@code ms} each, then a reading; whether it starts a hold. */
    boolean run(double ms, boolean heldElsewhere) {
      statements += 100;
      picos += (long) (100 * ms * PICOS_PER_MS);
      t += 50 * MS;
      return hold.update(statements, picos, 3, t, heldElsewhere);
    }

    void run(int readings, double ms, boolean heldElsewhere) {
      for (int i = 0; i < readings; i++) {
        run(ms, heldElsewhere);
      }
    }
  }

  @Test
  void writersSeenFirstAreMeasuredWithoutTheCopyThenASlowdownHoldsItOnce() {
    Writers w = new Writers();
    LatencyHold hold = w.hold;
    assertThat(w.start()).as("one reading: no rate yet").isFalse();
    assertThat(w.run(0.3, false)).as("writers seen: measure").isTrue();
    assertThat(hold.measuring()).isTrue();
    assertThat(hold.reason()).startsWith("measuring");
    w.run(20, 0.3, false);
    assertThat(hold.held()).isFalse();
    assertThat(hold.baselineMs()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));

    assertThat(w.run(0.8, false)).as("2.7 times: under the ratio").isFalse();
    // the mean over the last 500 ms: 0.82 ms after one slow reading, 1.29 after two, 1.76
    assertThat(w.run(5, false)).as("diluted in the window").isFalse();
    assertThat(w.run(5, false)).as("one reading over: not yet").isFalse();
    assertThat(w.run(5, false)).as("the second in a row").isTrue();
    assertThat(hold.reason()).startsWith("other sessions' writes take").contains("over 3.0 ×");

    // still slow without the copy: the end of the hold makes that the baseline
    w.run(21, 2, false);
    assertThat(hold.held()).isFalse();
    assertThat(hold.baselineMs()).isCloseTo(2, org.assertj.core.data.Offset.offset(0.01));
    assertThat(w.run(2, false)).as("the copy goes on").isFalse();
    assertThat(hold.holds()).isEqualTo(2);
  }

  @Test
  void whatTheWritesTakeWhileTheCopyIsHeldElsewhereLowersTheBaseline() {
    Writers w = new Writers();
    w.start();
    w.run(21, 0.9, false); // measured while ghostflink starts
    assertThat(w.hold.baselineMs()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.01));
    w.run(18, 0.3, true); // the redo log holds the copy
    assertThat(w.hold.baselineMs()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
    w.run(5, 0.6, true); // still held, slower: the baseline does not rise
    assertThat(w.hold.baselineMs()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void fewStatementsUnknownFiguresOrRatioZeroNeverHold() {
    LatencyHold hold = new LatencyHold();
    long t = 0;
    for (long n = 0; n < 10; n++) {
      assertThat(hold.update(n, n * 100 * PICOS_PER_MS, 3, t, false))
          .as("one slow write a reading")
          .isFalse();
      t += 50 * MS;
    }
    assertThat(hold.update(-1, -1, 3, t, false)).isFalse();
    assertThat(hold.update(1_000, 1_000 * PICOS_PER_MS, 0, t + 50 * MS, false)).isFalse();
    assertThat(hold.update(2_000, 2_000 * PICOS_PER_MS, 0, t + 100 * MS, false)).isFalse();
    assertThat(hold.held()).isFalse();
  }
}
