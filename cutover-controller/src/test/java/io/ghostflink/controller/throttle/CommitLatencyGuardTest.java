package io.ghostflink.controller.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitLatencyGuardTest {
  private static final long MS = 1_000_000L;

  private final CommitLatencyGuard guard = new CommitLatencyGuard();
  private long now = 1_000 * MS;

  // heartbeats every 100 ms for {@code millis}, each commit taking {@code commitMs}
  private void beats(long millis, double commitMs) {
    for (long t = 0; t < millis; t += 100) {
      now += 100 * MS;
      guard.record(now, (long) (commitMs * MS));
    }
  }

  @Test
  void theBaselineIsTheServerBeforeTheCopyAndASlowerServerHoldsTheCopyForASecond() {
    beats(2_000, 4);
    assertThat(guard.check(now, false, 3)).isEmpty();
    assertThat(guard.baselineMs()).isEqualTo(4.0);
    beats(1_000, 10); // 2.5×: not over 3×
    assertThat(guard.check(now, true, 3)).isEmpty();
    beats(1_000, 13);
    assertThat(guard.check(now, true, 3))
        .isEqualTo("commits take 13.0 ms, over 3.0 × the 4.0 ms they took without the copy");
    beats(500, 4);
    assertThat(guard.check(now, true, 3)).as("held for a whole second").startsWith("commits take");
    beats(500, 4);
    assertThat(guard.check(now, true, 3)).as("released after the hold").isEmpty();
    assertThat(guard.baselineMs()).isEqualTo(4.0);
  }

  @Test
  void aServerThatStaysSlowWithoutTheCopyBecomesTheNewBaselineSoTheCopyGoesOn() {
    beats(2_000, 4);
    guard.check(now, false, 3);
    beats(1_000, 20);
    assertThat(guard.check(now, true, 3)).isNotEmpty();
    beats(1_000, 20); // the writers got busier: the commits stay slow while the copy holds
    assertThat(guard.check(now, true, 3)).isEmpty();
    assertThat(guard.baselineMs()).isEqualTo(20.0);
    beats(1_000, 25);
    assertThat(guard.check(now, true, 3)).as("25 ms is not 3× the new 20").isEmpty();
  }

  @Test
  void aSmallRiseIsNoiseWhateverTheRatio() {
    beats(2_000, 0.5);
    guard.check(now, false, 3);
    beats(1_000, 2.0); // 4×, but only 1.5 ms more
    assertThat(guard.check(now, true, 3)).isEmpty();
  }

  @Test
  void nothingIsHeldWhenNotCopyingAndACopyWithoutABaselineMeasuresFirst() {
    beats(1_000, 50);
    assertThat(guard.check(now, false, 3)).as("before the copy or after it").isEmpty();
    CommitLatencyGuard fresh = new CommitLatencyGuard();
    assertThat(fresh.check(now, true, 3)).startsWith("measuring");
    for (int i = 0; i < 10; i++) {
      now += 100 * MS;
      fresh.record(now, 3 * MS);
    }
    assertThat(fresh.check(now, true, 3)).isEmpty();
    assertThat(fresh.baselineMs()).isEqualTo(3.0);
  }

  @Test
  void theCommitsBeforeTheFirstCheckAreTheBaselineWhenNoCheckCameBeforeTheCopy() {
    beats(2_000, 4);
    assertThat(guard.check(now, true, 3)).isEmpty();
    assertThat(guard.baselineMs()).isEqualTo(4.0);
  }

  @Test
  void aRatioOfZeroHoldsNothing() {
    beats(2_000, 4);
    guard.check(now, false, 3);
    beats(1_000, 40);
    assertThat(guard.check(now, true, 0)).isEmpty();
    assertThat(guard.check(now, true, 3)).as("turned on again").startsWith("commits take");
  }
}
