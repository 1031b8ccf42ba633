package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketBudgetTest {
  @Test
  void aStatementEndsAtTheRowCountOrTheBudgetWhicheverComesFirst() {
    PacketBudget budget = new PacketBudget(1_000);

    assertThat(budget.end(0, 10, 4, i -> 10)).as("small rows: the row count").isEqualTo(4);
    assertThat(budget.end(8, 10, 4, i -> 10)).as("the last rows").isEqualTo(10);
    assertThat(budget.end(0, 10, 200, i -> 300)).as("three rows fit, a fourth not").isEqualTo(3);
    assertThat(budget.end(3, 10, 200, i -> 300)).isEqualTo(6);
    assertThat(budget.end(0, 10, 200, i -> i == 0 ? 5_000 : 10))
        .as("a row over the budget goes alone")
        .isEqualTo(1);
    assertThat(budget.end(0, 10, 200, i -> i == 1 ? 5_000 : 10))
        .as("and the rows before it without it")
        .isEqualTo(1);
  }

  @Test
  void aRowCostsItsBytesAndSomeForEachValue() {
    assertThat(PacketBudget.size(new byte[][] {new byte[100], null, new byte[0]}))
        .isEqualTo(100 + 3 * 12);
    assertThatThrownBy(() -> new PacketBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
