package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TriggersCheckTest {
  @Test
  void triggersAreRefusedByName() {
    Facts f = new Facts();
    assertThat(new TriggersCheck().problem(f.build())).isEmpty();

    f.triggers = List.of("orders_audit");
    assertThat(new TriggersCheck().problem(f.build()).orElseThrow()).contains("[orders_audit]");
  }
}
