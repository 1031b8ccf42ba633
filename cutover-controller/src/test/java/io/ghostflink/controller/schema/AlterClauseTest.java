package io.ghostflink.controller.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlterClauseTest {
  @Test
  void changeWithANewNameIsARename() {
    AlterClause a = AlterClause.parse("CHANGE c c2 VARCHAR(120) NOT NULL, ADD COLUMN x INT");

    assertThat(a.understood()).isTrue();
    assertThat(a.renames()).isEqualTo(Map.of("c", "c2"));
    assertThat(a.renamesTable()).isFalse();
  }

  @Test
  void changeKeepingTheNameIsNotARename() {
    assertThat(AlterClause.parse("CHANGE COLUMN c C CHAR(10)").renames()).isEmpty();
  }

  @Test
  void renameColumnAndQuotedNamesAreRead() {
    AlterClause a =
        AlterClause.parse("RENAME COLUMN k TO k2, CHANGE COLUMN `pad` `pad 2` CHAR(60);");

    assertThat(a.renames()).containsExactly(Map.entry("k", "k2"), Map.entry("pad", "pad 2"));
  }

  @Test
  void tableRenamesAreFound() {
    assertThat(AlterClause.parse("RENAME TO t2").renamesTable()).isTrue();
    assertThat(AlterClause.parse("ADD COLUMN x INT, RENAME AS t3").renamesTable()).isTrue();
    assertThat(AlterClause.parse("ADD COLUMN x INT").renamesTable()).isFalse();
  }

  @Test
  void clauseTheParserCannotReadIsMarkedNotUnderstood() {
    AlterClause a = AlterClause.parse("PARTITION BY HASH(id) PARTITIONS 4");

    assertThat(a.understood()).isFalse();
    assertThat(a.parseError()).isNotBlank();
    assertThat(a.renames()).isEmpty();
  }

  @Test
  void aWholeAlterStatementIsRefusedWithTheFix() {
    assertThatThrownBy(() -> AlterClause.parse("alter table t add column x int"))
        .hasMessageContaining("without ALTER TABLE");
  }
}
