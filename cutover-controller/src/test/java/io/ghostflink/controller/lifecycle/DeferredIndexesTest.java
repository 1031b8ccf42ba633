package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredIndexesTest {
  private static String table(String... lines) {
    return "CREATE TABLE `_t_gho` (\n  `id` bigint NOT NULL,\n  `k` int NOT NULL DEFAULT '0',\n"
        + "  `c` char(120) NOT NULL DEFAULT '',\n  "
        + String.join(",\n  ", lines)
        + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci";
  }

  @Test
  void plainKeysAreLeftOutInOrderWithTheirOptions() {
    DeferredIndexes d =
        DeferredIndexes.of(
            table(
                "PRIMARY KEY (`id`)",
                "UNIQUE KEY `u` (`c`)",
                "KEY `k_idx` (`k`)",
                "KEY `we``ird` (`c`(10),`k` DESC) COMMENT 'x, y' /*!80000 INVISIBLE */"));
    assertThat(d.any()).isTrue();
    assertThat(d.names()).containsExactly("k_idx", "we`ird");
    assertThat(d.dropClause()).isEqualTo("DROP INDEX `k_idx`, DROP INDEX `we``ird`");
    assertThat(d.addClause(List.of("PRIMARY", "u")))
        .isEqualTo(
            "ADD KEY `k_idx` (`k`), ADD KEY `we``ird` (`c`(10),`k` DESC) COMMENT 'x, y'"
                + " /*!80000 INVISIBLE */");
    assertThat(d.addClause(List.of("PRIMARY", "u", "k_idx"))).startsWith("ADD KEY `we``ird`");
    assertThat(d.addClause(List.of("PRIMARY", "u", "k_idx", "we`ird"))).isEmpty();
    assertThat(DeferredIndexes.fromHint(d.hint())).isEqualTo(d);
    assertThat(DeferredIndexes.indexLines(table("PRIMARY KEY (`id`)", "KEY `k_idx` (`k`)")))
        .containsExactly("PRIMARY KEY (`id`)", "KEY `k_idx` (`k`)");
  }

  @Test
  void tablesWhoseIndexesCannotAllWaitKeepThem() {
    assertThat(
            DeferredIndexes.of(table("PRIMARY KEY (`id`)", "UNIQUE KEY `u` (`c`)")).keptBecause())
        .isEqualTo("it has no secondary index that is not unique");
    assertThat(
            DeferredIndexes.of(
                    table("PRIMARY KEY (`id`)", "KEY `k` (`k`)", "FULLTEXT KEY `f` (`c`)"))
                .keptBecause())
        .isEqualTo("it has a FULLTEXT index");
    assertThat(DeferredIndexes.of(table("PRIMARY KEY (`id`)", "KEY `f` ((lower(`c`)))")).any())
        .isFalse();
    assertThat(
            DeferredIndexes.of(
                    table(
                        "PRIMARY KEY (`id`)",
                        "KEY `k` (`k`)",
                        "CONSTRAINT `fk` FOREIGN KEY (`k`) REFERENCES `p` (`id`)"))
                .keptBecause())
        .isEqualTo("it has a foreign key");
    assertThat(
            DeferredIndexes.of(
                    table("PRIMARY KEY (`id`)", "KEY `k` (`k`)")
                        + "\n/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 4 */")
                .keptBecause())
        .isEqualTo("it is partitioned");
    assertThat(DeferredIndexes.fromHint("").any()).isFalse();
    assertThatThrownBy(() -> DeferredIndexes.Mode.ofFlag("maybe"))
        .hasMessage("--defer-secondary-indexes must be auto, on or off, not 'maybe'");
    assertThat(DeferredIndexes.Mode.ofFlag("ON")).isEqualTo(DeferredIndexes.Mode.ON);
  }
}
