package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GtidModeCheckTest {
  @Test
  void gtidOffIsAllowedAndTheFallbackIsSaid() {
    Facts f = new Facts();
    f.settings = new TableFacts.ServerSettings(true, "ROW", "FULL", "OFF", "8.0.31");

    assertThat(new GtidModeCheck().problem(f.build())).isEmpty();
    assertThat(new GtidModeCheck().note(f.build()).orElseThrow())
        .contains("file and position only");
  }
}
