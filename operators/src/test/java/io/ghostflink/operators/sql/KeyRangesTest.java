package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

  @Test
  void compositeKeyRangeIsSpelledOutAsOrsOfEqualities() {
    assertThat(KeyRanges.range(List.of("a", "b"), true, true))
        .isEqualTo(
            "((`a` > ?) OR (`a` = ? AND `b` > ?)) AND ((`a` < ?) OR (`a` = ? AND `b` <= ?))");
  }

  @Test
  void openRangesLeaveTheMissingBoundOut() {
    assertThat(KeyRanges.range(List.of("id"), false, true)).isEqualTo("((`id` <= ?))");
    assertThat(KeyRanges.range(List.of("id"), true, false)).isEqualTo("((`id` > ?))");
    assertThat(KeyRanges.range(List.of("id"), false, false)).isEqualTo("1 = 1");
  }

  @Test
  void nextBoundaryWalksTheKeyIndex() {
    assertThat(KeyRanges.nextBoundary(new TableRef("d", "t"), "PRIMARY", List.of("a", "b"), true))
        .isEqualTo(
            "SELECT /* ghostflink */ `a`, `b` FROM `d`.`t` FORCE INDEX (`PRIMARY`) WHERE ((`a` > ?)"
                + " OR (`a` = ? AND `b` > ?)) ORDER BY `a`, `b` LIMIT 1 OFFSET ?");
  }

  @Test
  void boundParametersFollowTheTermsOfTheRange() {
    byte[][] bound = {{1}, {2}, {3}};

    byte[][] params = KeyRanges.boundParameters(bound);

    assertThat(KeyRanges.parametersPerBound(3)).isEqualTo(6);
    assertThat(params).isDeepEqualTo(new byte[][] {{1}, {1}, {2}, {1}, {2}, {3}});
    assertThat(KeyRanges.boundParameterColumns(3)).containsExactly(0, 0, 1, 0, 1, 2);
  }
}
