package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WritersAtStartTest {
  private static final long MS = 1_000_000L;

  @Test
  void twoRowsInAFewHundredMillisecondsAreWriting() {
    assertThat(WritersAtStart.writing(2, 300 * MS)).isTrue();
    assertThat(WritersAtStart.writing(400, 300 * MS)).isTrue();
  }

  @Test
  void oneRowIsNoRateYet() {
    assertThat(WritersAtStart.writing(0, 300 * MS)).isFalse();
    assertThat(WritersAtStart.writing(1, 10 * MS)).isFalse();
  }

  @Test
  void aHeartbeatOfARowASecondOverALongStartIsNotWriting() {
    assertThat(WritersAtStart.writing(2, 1_200 * MS)).isFalse();
    assertThat(WritersAtStart.writing(3, 2_500 * MS)).isFalse();
    assertThat(WritersAtStart.writing(3, 1_400 * MS)).isTrue();
  }
}
