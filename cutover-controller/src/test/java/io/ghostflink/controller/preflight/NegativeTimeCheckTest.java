package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NegativeTimeCheckTest {
  @Test
  void negativeTimeValuesAreRefusedNamingTheColumns() {
    Facts f = new Facts();
    assertThat(new NegativeTimeCheck().problem(f.build())).isEmpty();

    f.negativeTimeColumns = List.of("span");
    assertThat(new NegativeTimeCheck().problem(f.build()).orElseThrow())
        .startsWith("TIME columns [span] hold negative values")
        .contains("DBZ-7594");
  }
}
