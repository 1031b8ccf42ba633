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
}
