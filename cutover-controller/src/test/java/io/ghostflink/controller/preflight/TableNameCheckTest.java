package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.TableRef;
import org.junit.jupiter.api.Test;

class TableNameCheckTest {
  @Test
  void nameOfFiftyNineCharactersFitsAndSixtyDoesNot() {
    Facts f = new Facts();
    f.table = new TableRef("shop", "t".repeat(59));
    assertThat(new TableNameCheck().problem(f.build())).isEmpty();

    f.table = new TableRef("shop", "t".repeat(60));
    assertThat(new TableNameCheck().problem(f.build()).orElseThrow())
        .contains("60 characters")
        .contains("at most 59");
  }

  @Test
  void namesTheBinlogReaderCannotReadAreRefusedAndOtherCharactersAreNot() {
    Facts f = new Facts();
    f.table = new TableRef("shop`eu", "t");
    assertThat(new TableNameCheck().problem(f.build()).orElseThrow())
        .startsWith("database name shop`eu holds a backtick");

    f.table = new TableRef("shop", "`t`");
    assertThat(new TableNameCheck().problem(f.build()).orElseThrow())
        .startsWith("table name `t` begins or ends with a backtick");

    f.table = new TableRef("shop-eu.v2$ ü", "order$items.2024 `ü` x");
    assertThat(new TableNameCheck().problem(f.build())).isEmpty();
  }
}
