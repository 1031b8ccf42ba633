package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadOnlyCheckTest {
  @Test
  void aReadOnlyServerIsRefusedAsNotThePrimary() {
    Facts f = new Facts();
    assertThat(new ReadOnlyCheck().problem(f.build())).isEmpty();

    f.settings =
        new TableFacts.ServerSettings(
            true, "ROW", "FULL", "ON", "8.0.31", false, false, "super_read_only");
    assertThat(new ReadOnlyCheck().problem(f.build()).orElseThrow())
        .contains("read-only (super_read_only = ON)")
        .contains("--host and --port of the primary");
  }
}
