package io.ghostflink.operators.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinlogPositionTest {

  @Test
  void encodingGrowsWithFileThenOffset() {
    long a = BinlogPosition.encode("binlog.000001", 4_000_000_000L);
    long b = BinlogPosition.encode("binlog.000002", 4);
    assertThat(a).isLessThan(b);
    assertThat(BinlogPosition.describe(b)).isEqualTo("000002:4");
  }

  @Test
  void notABinlogFileNameIsRefused() {
    assertThatThrownBy(() -> new BinlogPosition("binlog", 4, null))
        .hasMessage("not a binlog file name: binlog");
  }

  @Test
  void theFileIndexIsTheNumberAfterTheLastDot() {
    assertThat(BinlogPosition.encode("mysql-bin.v2.000123", 7)).isEqualTo((123L << 32) | 7);
    assertThat(new BinlogPosition("b.9", 0, null).encoded()).isEqualTo(9L << 32);
    for (String name : new String[] {"binlog.", "binlog.00a1", "binlog.-1", "binlog.+1", ".x"}) {
      assertThatThrownBy(() -> BinlogPosition.encode(name, 4))
          .hasMessage("not a binlog file name: " + name);
    }
    assertThatThrownBy(() -> new BinlogPosition(null, 4, null))
        .hasMessage("not a binlog file name: null");
  }

  @Test
  void migrationTableNamesDeriveFromTheOriginal() {
    TableRef t = new TableRef("d", "orders");
    assertThat(t.ghost().table()).isEqualTo("_orders_gho");
    assertThat(t.changelog().table()).isEqualTo("_orders_ghc");
    assertThat(t.magic().table()).isEqualTo("_orders_del");
    assertThat(t.progress().table()).isEqualTo("_orders_ghp");
  }
}
