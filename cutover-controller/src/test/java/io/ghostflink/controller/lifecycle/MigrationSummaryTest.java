package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MigrationSummaryTest {
  private static MigrationSummary summary(long copied, long before, long copyMillis) {
    return new MigrationSummary(
        copied,
        before,
        40,
        Duration.ofMillis(copyMillis),
        Duration.ofMillis(33),
        1,
        Duration.ofSeconds(12),
        null,
        null);
  }

  @Test
  void aRunThatCopiedEverythingReportsItsRate() {
    assertThat(summary(300_000, 0, 4_000).describe())
        .isEqualTo(
            "rows copied: 300000, changes applied: 40, copy rate: 75000 rows/s, cut-over lock: 33"
                + " ms (attempt 1), total: 12.0 s");
  }

  @Test
  void aResumedRunRatesOnlyTheRowsItCopied() {
    // 200,000 rows copied before a crash; the resumed run copied the other 100,000 in 2 s
    assertThat(summary(300_000, 200_000, 2_000).describe())
        .startsWith(
            "rows copied: 300000 (200000 before this run), changes applied: 40, copy rate: 50000"
                + " rows/s,");
  }

  @Test
  void aRunResumedAfterItsCopyHasNoRate() {
    // before session 51: "copy rate: 16666667 rows/s" for a copy done before the pause
    assertThat(summary(300_000, 300_000, 18).describe())
        .contains("rows copied: 300000 (300000 before this run)")
        .contains("copy rate: - (copied before this run)");
  }

  @Test
  void anInstantAlterSaysSoAndCopiedNothing() {
    assertThat(
            MigrationSummary.inPlace(
                    "INSTANT", Duration.ofMillis(21), 2, Duration.ofMillis(1500), null)
                .describe())
        .isEqualTo(
            "done by MySQL with ALGORITHM=INSTANT (metadata only, no row copied) in 21 ms (attempt"
                + " 2), total: 1.5 s");
  }
}
