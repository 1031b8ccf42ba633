package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableExistsCheckTest {
  @Test
  void missingTableIsNamed() {
    Facts f = new Facts();
    assertThat(new TableExistsCheck().problem(f.build())).isEmpty();

    f.exists = false;
    assertThat(new TableExistsCheck().problem(f.build()).orElseThrow())
        .startsWith("table shop.orders does not exist");
  }
}
