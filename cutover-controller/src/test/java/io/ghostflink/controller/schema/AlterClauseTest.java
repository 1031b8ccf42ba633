package io.ghostflink.controller.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlterClauseTest {
  @Test
  void aWholeAlterStatementGivesTheTableAndTheClause() {
    assertThat(AlterClause.statement("ADD COLUMN x INT")).isEmpty();
    assertThat(AlterClause.statement("ALTER TABLE shop.orders ADD COLUMN x INT").orElseThrow())
        .isEqualTo(new AlterClause.Named("shop", "orders", "ADD COLUMN x INT"));
    assertThat(AlterClause.statement("alter table\n  orders\tDROP COLUMN y;").orElseThrow())
        .isEqualTo(new AlterClause.Named(null, "orders", "DROP COLUMN y;"));
    assertThat(AlterClause.statement("ALTER TABLE `my db`.`odd``name` ENGINE=InnoDB").orElseThrow())
        .isEqualTo(new AlterClause.Named("my db", "odd`name", "ENGINE=InnoDB"));
    for (String unreadable :
        List.of(
            "ALTER TABLE `unclosed ADD x INT", "ALTER TABLE shop. ADD x INT", "ALTER TABLE (")) {
      assertThatThrownBy(() -> AlterClause.statement(unreadable))
          .as(unreadable)
          .hasMessageStartingWith("cannot read the table name after ALTER TABLE in --alter");
    }
  }

  @Test
  void onlySecondaryIndexMetadataChangesAreDoneInPlace() {
    for (String metadata :
        List.of(
            "DROP INDEX k",
            "drop key `k`",
            "RENAME INDEX a TO b",
            "rename key a to b",
            "ALTER INDEX k INVISIBLE",
            "DROP INDEX a, RENAME INDEX b TO c, ALTER INDEX d VISIBLE")) {
      assertThat(AlterClause.parse(metadata).onlyIndexMetadata()).as(metadata).isTrue();
    }
    for (String rebuildsOrReads :
        List.of(
            "DROP PRIMARY KEY",
            "ADD INDEX k (c)",
            "DROP INDEX k, ADD INDEX k (c, d)",
            "DROP INDEX k, ADD COLUMN x INT",
            "DROP COLUMN k",
            "DROP k",
            "RENAME COLUMN a TO b",
            "DROP INDEX k, ENGINE=InnoDB",
            "ALTER COLUMN k SET INVISIBLE")) {
      assertThat(AlterClause.parse(rebuildsOrReads).onlyIndexMetadata())
          .as(rebuildsOrReads)
          .isFalse();
    }
  }

  @Test
  void operationsOnTheTablesDataAreNamed() {
    assertThat(AlterClause.parse("EXCHANGE PARTITION p0 WITH TABLE x").dataOperation())
        .isEqualTo("EXCHANGE PARTITION");
    assertThat(AlterClause.parse("drop partition p0, p1").dataOperation())
        .isEqualTo("DROP PARTITION");
    assertThat(AlterClause.parse("/* old */ TRUNCATE PARTITION ALL").dataOperation())
        .isEqualTo("TRUNCATE PARTITION");
    assertThat(AlterClause.parse("DISCARD PARTITION p0 TABLESPACE").dataOperation())
        .isEqualTo("DISCARD TABLESPACE");
    assertThat(AlterClause.parse("IMPORT TABLESPACE").dataOperation())
        .isEqualTo("IMPORT TABLESPACE");
    assertThat(
            AlterClause.parse("DROP COLUMN partition_key, ADD COLUMN `drop` INT").dataOperation())
        .isNull();
    assertThat(
            AlterClause.parse("REORGANIZE PARTITION p0 INTO (PARTITION a VALUES LESS THAN (5))")
                .dataOperation())
        .isNull();
    assertThat(
            AlterClause.parse("ADD COLUMN c VARCHAR(9) DEFAULT 'DROP PARTITION'").dataOperation())
        .isNull();
  }

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
  void theCounterTableOptionIsToldFromAColumnsAutoIncrement() {
    assertThat(AlterClause.parse("ADD COLUMN x INT, AUTO_INCREMENT = 100").setsAutoIncrement())
        .isTrue();
    assertThat(AlterClause.parse("ENGINE=InnoDB AUTO_INCREMENT=5").setsAutoIncrement()).isTrue();
    assertThat(AlterClause.parse("auto_increment 7").setsAutoIncrement()).isTrue();
    assertThat(AlterClause.parse("MODIFY id BIGINT NOT NULL AUTO_INCREMENT").setsAutoIncrement())
        .isFalse();
    assertThat(
            AlterClause.parse(
                    "ADD COLUMN n INT AUTO_INCREMENT UNIQUE, ADD COLUMN auto_increment2 INT")
                .setsAutoIncrement())
        .isFalse();
    assertThat(
            AlterClause.parse("ADD COLUMN x INT COMMENT 'was AUTO_INCREMENT = 5'")
                .setsAutoIncrement())
        .isFalse();
  }

  @Test
  void droppedColumnsAreFoundAndNothingElseCountsAsADrop() {
    AlterClause a =
        AlterClause.parse(
            "DROP COLUMN c1, ADD COLUMN c1 INT NULL DEFAULT 47, DROP `c 2`, DROP INDEX x,"
                + " DROP PRIMARY KEY, ADD PRIMARY KEY (id, i)");

    assertThat(a.understood()).isTrue();
    assertThat(a.drops()).containsExactly("c1", "c 2");
  }

  @Test
  void itemsTheParserCannotReadAreReadOneByOne() {
    // JSqlParser 5.3 cannot read DROP FOREIGN KEY without parentheses, nor DROP CHECK
    AlterClause a =
        AlterClause.parse(
            "DROP FOREIGN KEY fk_a, CHANGE c c2 INT, DROP CHECK ck, DROP COLUMN d, ADD INDEX"
                + " ((lower(e)))");

    assertThat(a.understood()).isTrue();
    assertThat(a.renames()).isEqualTo(Map.of("c", "c2"));
    assertThat(a.drops()).containsExactly("d");
  }

  @Test
  void anUnreadableItemThatMayRenameOrDropIsMarkedNotUnderstood() {
    AlterClause a = AlterClause.parse("ADD COLUMN x INT, CHANGE c c2 VARCHAR(12) INVISIBLE");

    assertThat(a.understood()).isFalse();
    assertThat(a.parseError()).contains("CHANGE c c2 VARCHAR(12) INVISIBLE");
    assertThat(AlterClause.parse("PARTITION BY HASH(id) PARTITIONS 4").understood()).isTrue();
  }

  @Test
  void commasInsideParenthesesAndQuotesDoNotSplitItems() {
    assertThat(
            AlterClause.items(
                "ADD COLUMN e ENUM('a,b', 'c'), ADD INDEX k (a, b), COMMENT 'x, y', DROP `a,b`"))
        .containsExactly(
            "ADD COLUMN e ENUM('a,b', 'c')",
            " ADD INDEX k (a, b)",
            " COMMENT 'x, y'",
            " DROP `a,b`");
  }

  @Test
  void aWholeAlterStatementIsRefusedWithTheFix() {
    assertThatThrownBy(() -> AlterClause.parse("alter table t add column x int"))
        .hasMessageContaining("without ALTER TABLE");
  }
}
