package io.ghostflink.controller.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckNamesTest {
  private static final Map<String, String> COPIES =
      Map.of(
          "amount_positive", "_t_gho_chk_1",
          "t_chk_1", "_t_gho_chk_2",
          "odd name`", "_t_gho_chk_3",
          "same", "_t_gho_chk_4");

  @Test
  void theOriginalsNamesBecomeTheCopysWhereTheAlterDropsOrAltersAConstraint() {
    assertThat(
            CheckNames.translated(
                "DROP CHECK amount_positive, alter check `T_CHK_1` NOT ENFORCED,"
                    + " DROP CONSTRAINT `odd name```, ADD COLUMN x INT",
                COPIES,
                Set.of("primary", "same")))
        .isEqualTo(
            "DROP CHECK `_t_gho_chk_1`, alter check `_t_gho_chk_2` NOT ENFORCED,"
                + " DROP CONSTRAINT `_t_gho_chk_3`, ADD COLUMN x INT");
  }

  @Test
  void namesInStringsCommentsAndOtherClausesAreLeftAsTheyAre() {
    String alter =
        "ADD COLUMN c VARCHAR(20) DEFAULT 'DROP CHECK amount_positive' /* DROP CHECK t_chk_1 */,"
            + " DROP INDEX same, ADD CHECK (amount_positive > 0), DROP CHECK other";
    assertThat(CheckNames.translated(alter, COPIES, Set.of("same"))).isEqualTo(alter);
  }

  @Test
  void aNameThatIsBothACheckAndAKeyIsRefusedAsMysqlRefusesIt() {
    assertThatThrownBy(
            () -> CheckNames.translated("DROP CONSTRAINT same", COPIES, Set.of("primary", "same")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(CheckNames.REFUSAL)
        .hasMessageContaining("DROP CHECK or DROP INDEX");
    // DROP CHECK says which one
    assertThat(CheckNames.translated("DROP CHECK same", COPIES, Set.of("same")))
        .isEqualTo("DROP CHECK `_t_gho_chk_4`");
  }

  @Test
  void aNewCheckNamedAsOneTheOriginalHoldsIsRefused() {
    assertThatThrownBy(
            () ->
                CheckNames.translated(
                    "DROP CHECK amount_positive, ADD CONSTRAINT amount_positive CHECK (amount > 0)",
                    COPIES,
                    Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(CheckNames.REFUSAL)
        .hasMessageContaining("drop amount_positive first in an ALTER of its own");
    assertThat(
            CheckNames.translated(
                "ADD CONSTRAINT amount_at_most CHECK (amount < 100)", COPIES, Set.of()))
        .isEqualTo("ADD CONSTRAINT amount_at_most CHECK (amount < 100)");
  }
}
