package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineCheckTest {
  private static TableFacts.AlterTrial trial(String createTable) {
    return new TableFacts.AlterTrial(null, false, Facts.COLUMNS, Facts.KEYS, createTable, false);
  }

  @Test
  void anInnoDbTableThatStaysInnoDbPasses() {
    Facts f = new Facts();
    f.trial =
        trial(
            "CREATE TABLE `_t_gst` (\n  `id` int NOT NULL\n) ENGINE=InnoDB DEFAULT"
                + " CHARSET=utf8mb4 /*!50100 PARTITION BY HASH (`id`) (PARTITION p0 ENGINE ="
                + " InnoDB) */");
    assertThat(new EngineCheck().problem(f.build())).isEmpty();
    f.engine = "innodb";
    assertThat(new EngineCheck().problem(f.build())).isEmpty();
  }

  @Test
  void aTableInAnotherEngineIsRefused() {
    Facts f = new Facts();
    f.engine = "MyISAM";
    assertThat(new EngineCheck().problem(f.build()).orElseThrow())
        .contains("uses the MyISAM storage engine")
        .contains("ENGINE=InnoDB");
  }

  @Test
  void anAlterToAnotherEngineIsRefused() {
    Facts f = new Facts();
    f.trial = trial("CREATE TABLE `_t_gst` (\n  `id` int NOT NULL\n) ENGINE=MEMORY");
    assertThat(new EngineCheck().problem(f.build()).orElseThrow())
        .contains("a MEMORY table")
        .contains("MySQL's own ALTER TABLE");
  }
}
