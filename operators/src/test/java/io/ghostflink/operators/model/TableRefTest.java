package io.ghostflink.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableRefTest {
  @Test
  void theStampedOldTableIsGhostsNameWithTheStartTime() {
    assertThat(new TableRef("d", "orders").stampedOld("20261207093000"))
        .isEqualTo(new TableRef("d", "_orders_20261207093000_del"));
  }

  @Test
  void aLongTableNameIsShortenedSoThatTheStampedNameFits64() {
    String name = "t".repeat(TableRef.MAX_ORIGINAL_NAME_LENGTH);
    TableRef old = new TableRef("d", name).stampedOld("20261207093000");
    assertThat(old.table()).hasSize(TableRef.MAX_NAME_LENGTH).endsWith("t_20261207093000_del");
    assertThat(new TableRef("d", "t".repeat(44)).stampedOld("20261207093000").table())
        .isEqualTo("_" + "t".repeat(44) + "_20261207093000_del")
        .hasSize(64);
  }
}
