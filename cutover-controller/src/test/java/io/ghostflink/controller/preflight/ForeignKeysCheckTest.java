package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForeignKeysCheckTest {
  @Test
  void foreignKeysAreRefusedByName() {
    Facts f = new Facts();
    assertThat(new ForeignKeysCheck().problem(f.build())).isEmpty();

    f.foreignKeys = List.of("fk_customer (shop.orders -> shop.customers)");
    assertThat(new ForeignKeysCheck().problem(f.build()).orElseThrow())
        .contains("fk_customer")
        .contains("foreign keys");
  }
}
