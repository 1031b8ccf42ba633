package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowKeyCheckTest {
  @Test
  void tableWithoutUsableKeyIsRefused() {
    Facts f = new Facts();
    assertThat(new RowKeyCheck().problem(f.build())).isEmpty();

    f.originalKeys = List.of();
    assertThat(new RowKeyCheck().problem(f.build()).orElseThrow())
        .isEqualTo(
            "table shop.orders has no primary key and no unique key on whole NOT NULL columns;"
                + " add one first (ghostflink applies changes by key)");
  }

  @Test
  void theKeysPassedOverAreNamedWithTheirReason() {
    Facts f = new Facts();
    f.originalKeys =
        List.of(
            new UniqueKey("PRIMARY", List.of(new UniqueKey.Part("c", 5, null))),
            UniqueKey.of("c_uk", List.of("k", "c")),
            new UniqueKey("lower_uk", List.of(new UniqueKey.Part(null, 0, "lower(`c`)"))));

    assertThat(new RowKeyCheck().problem(f.build()).orElseThrow())
        .isEqualTo(
            "table shop.orders has no primary key and no unique key on whole NOT NULL columns"
                + " (PRIMARY indexes a prefix of c; c_uk includes the nullable column c; lower_uk"
                + " is over an expression); add one first (ghostflink applies changes by key)");
  }
}
