package io.ghostflink.controller.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlterOracleComparableTest {
  @Test
  void checkConstraintsCompareByTheirConditionsInOneOrder() {
    String mine =
        "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`),\n"
            + "  CONSTRAINT `t_chk_1` CHECK ((`a` > 0)),\n  CONSTRAINT `t_chk_2` CHECK ((`b` < 9))\n"
            + ") ENGINE=InnoDB";
    String theirs =
        "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`),\n"
            + "  CONSTRAINT `_t_vfy_chk_1` CHECK ((`b` < 9)),\n"
            + "  CONSTRAINT `_t_vfy_chk_2` CHECK ((`a` > 0))\n) ENGINE=InnoDB";
    assertThat(AlterOracle.comparable(mine)).isEqualTo(AlterOracle.comparable(theirs));
    assertThat(AlterOracle.comparable(mine))
        .isNotEqualTo(AlterOracle.comparable(theirs.replace("(`b` < 9)", "(`b` < 8)")));
  }
}
