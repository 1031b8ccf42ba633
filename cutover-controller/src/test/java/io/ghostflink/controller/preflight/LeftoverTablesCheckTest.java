package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeftoverTablesCheckTest {
  @Test
  void leftoverGhostNeedsItsFlag() {
    Facts f = new Facts();
    f.leftovers = List.of(Facts.TABLE.ghost(), Facts.TABLE.changelog());

    assertThat(new LeftoverTablesCheck(false, false).problem(f.build()).orElseThrow())
        .contains("[_orders_gho, _orders_ghc]")
        .contains("--initially-drop-ghost-table");
    assertThat(new LeftoverTablesCheck(true, false).problem(f.build())).isEmpty();
    assertThat(new LeftoverTablesCheck(true, false).note(f.build())).isPresent();
  }

  @Test
  void oldTableNeedsItsOwnFlag() {
    Facts f = new Facts();
    f.leftovers = List.of(Facts.TABLE.magic());

    assertThat(new LeftoverTablesCheck(true, false).problem(f.build()).orElseThrow())
        .contains("--initially-drop-old-table");
    assertThat(new LeftoverTablesCheck(false, true).problem(f.build())).isEmpty();
  }

  @Test
  void aRestoredResumeSaysItKeepsItsTablesAndAFreshRunThatItDropsThem() {
    Facts f = new Facts();
    f.leftovers = List.of(Facts.TABLE.ghost(), Facts.TABLE.changelog());

    assertThat(new LeftoverTablesCheck(false, false, true).problem(f.build())).isEmpty();
    assertThat(new LeftoverTablesCheck(false, false, true).note(f.build()).orElseThrow())
        .isEqualTo("continues with the stopped run's tables [shop._orders_gho, shop._orders_ghc]");
    assertThat(new LeftoverTablesCheck(true, false).note(f.build()).orElseThrow())
        .isEqualTo("will drop the earlier migration's tables [shop._orders_gho, shop._orders_ghc]");
  }
}
