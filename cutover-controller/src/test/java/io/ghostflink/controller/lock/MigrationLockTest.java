package io.ghostflink.controller.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.TableRef;
import org.junit.jupiter.api.Test;

class MigrationLockTest {

  @Test
  void namesFollowGhostflinkAndGhOst() {
    assertThat(MigrationLock.names(new TableRef("shop", "orders")))
        .containsExactly("ghostflink::shop.orders", "gh-ost::shop.orders");
  }

  @Test
  void namesOver64CharactersAreHashed() {
    String name = MigrationLock.name("ghostflink", new TableRef("d".repeat(30), "t".repeat(40)));
    assertThat(name).hasSize(40).matches("[0-9a-f]+");
  }
}
