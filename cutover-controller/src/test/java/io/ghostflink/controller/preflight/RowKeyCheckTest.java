package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowKeyCheckTest {
  @Test
  void tableWithoutUsableKeyIsRefused() {
    Facts f = new Facts();
    assertThat(new RowKeyCheck().problem(f.build())).isEmpty();

    f.originalKeys = List.of();
    assertThat(new RowKeyCheck().problem(f.build()).orElseThrow()).contains("no primary key");
  }
}
