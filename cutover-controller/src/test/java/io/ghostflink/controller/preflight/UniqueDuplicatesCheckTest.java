package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UniqueDuplicatesCheckTest {
  @Test
  void duplicatesAreNamedWithTheirKey() {
    Facts f = new Facts();
    assertThat(new UniqueDuplicatesCheck().problem(f.build())).isEmpty();

    f.duplicates = Map.of("uk_k [k]", "(7) x2, (9) x3");
    assertThat(new UniqueDuplicatesCheck().problem(f.build()).orElseThrow())
        .contains("uk_k [k]: (7) x2, (9) x3");
  }
}
