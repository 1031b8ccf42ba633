package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the application's statements, slower than without the copy, hold new chunks. */
class LatencyHoldTest {
  private static final long MS = 1_000_000L;
  private static final long PICOS_PER_MS = 1_000_000_000L;

  /** Other sessions running 100 statements every 50 ms, each taking {@code ms}. */
  private static final class Writers {
    long statements;
    long picos;

    void run(double ms) {
      statements += 100;
      picos += (long) (100 * ms * PICOS_PER_MS);
    }
  }

  @Test
  void writersSeenFirstAreMeasuredWithoutTheCopyThenASlowdownHoldsItOnce() {
    LatencyHold hold = new LatencyHold();
    Writers w = new Writers();
    long t = 0;
    assertThat(hold.update(w.statements, w.picos, 3, t, false))
        .as("one reading: no rate yet")
        .isFalse();
    w.run(0.3);
    t += 50 * MS;
    assertThat(hold.update(w.statements, w.picos, 3, t, false))
        .as("writers seen: measure")
        .isTrue();
    assertThat(hold.measuring()).isTrue();
    assertThat(hold.reason()).startsWith("measuring");
    for (int i = 0; i < 20; i++) {
      w.run(0.3);
      t += 50 * MS;
      hold.update(w.statements, w.picos, 3, t, false);
    }
    assertThat(hold.held()).isFalse();
    assertThat(hold.baselineMs()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));

    w.run(0.8); // 2.7 times: under the ratio
    t += 50 * MS;
    assertThat(hold.update(w.statements, w.picos, 3, t, false)).isFalse();
    // the mean over the last 500 ms: 0.82 ms after one slow reading, 1.29 after two, 1.76
    w.run(5);
    t += 50 * MS;
    assertThat(hold.update(w.statements, w.picos, 3, t, false))
        .as("diluted in the window")
        .isFalse();
    w.run(5);
    t += 50 * MS;
    assertThat(hold.update(w.statements, w.picos, 3, t, false))
        .as("one reading over: not yet")
        .isFalse();
    w.run(5);
    t += 50 * MS;
    assertThat(hold.update(w.statements, w.picos, 3, t, false)).as("the second in a row").isTrue();
    assertThat(hold.reason()).startsWith("other sessions' writes take").contains("over 3.0 ×");

    // still slow without the copy: the end of the hold makes that the baseline
    for (int i = 0; i < 21; i++) {
      w.run(2);
      t += 50 * MS;
      hold.update(w.statements, w.picos, 3, t, false);
    }
    assertThat(hold.held()).isFalse();
    assertThat(hold.baselineMs()).isCloseTo(2, org.assertj.core.data.Offset.offset(0.01));
    w.run(2);
    t += 50 * MS;
    assertThat(hold.update(w.statements, w.picos, 3, t, false)).as("the copy goes on").isFalse();
    assertThat(hold.holds()).isEqualTo(2);
  }

  @Test
  void whatTheWritesTakeWhileTheCopyIsHeldElsewhereLowersTheBaseline() {
    LatencyHold hold = new LatencyHold();
    Writers w = new Writers();
    long t = 0;
    hold.update(w.statements, w.picos, 3, t, false);
    for (int i = 0; i < 21; i++) { // measured while ghostflink starts: 0.9 ms
      w.run(0.9);
      t += 50 * MS;
      hold.update(w.statements, w.picos, 3, t, false);
    }
    assertThat(hold.baselineMs()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.01));
    for (int i = 0; i < 18; i++) { // the redo log holds the copy: 0.3 ms
      w.run(0.3);
      t += 50 * MS;
      hold.update(w.statements, w.picos, 3, t, true);
    }
    assertThat(hold.baselineMs()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
    for (int i = 0; i < 5; i++) { // still held, slower: the baseline does not rise
      w.run(0.6);
      t += 50 * MS;
      hold.update(w.statements, w.picos, 3, t, true);
    }
    assertThat(hold.baselineMs()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
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
