package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationDdlTest {
  private static final TableRef T = new TableRef("shop", "orders");

  @Test
  void ghostIsCreatedLikeTheOriginalThenAltered() {
    assertThat(MigrationDdl.createLike(T.ghost(), T))
        .isEqualTo("CREATE TABLE /* ghostflink */ `shop`.`_orders_gho` LIKE `shop`.`orders`");
    assertThat(MigrationDdl.alterInstant(T.scratch(), "ADD COLUMN x INT"))
        .isEqualTo(
            "ALTER TABLE /* ghostflink */ `shop`.`_orders_gst` ADD COLUMN x INT, ALGORITHM=INSTANT");
  }

  @Test
  void swapRenamesOriginalToMagicAndGhostToOriginalInOneStatement() {
    assertThat(MigrationDdl.swap(T))
        .isEqualTo(
            "RENAME /* ghostflink */ TABLE `shop`.`orders` TO `shop`.`_orders_del`,"
                + " `shop`.`_orders_gho` TO `shop`.`orders`");
  }

  @Test
  void cutOverLocksAndTimeouts() {
    assertThat(MigrationDdl.lockTablesWrite(List.of(T, T.magic())))
        .isEqualTo("LOCK TABLES `shop`.`orders` WRITE, `shop`.`_orders_del` WRITE");
    assertThat(MigrationDdl.lockWaitTimeout(0)).isEqualTo("SET SESSION lock_wait_timeout = 1");
    assertThat(MigrationDdl.killQuery(42)).isEqualTo("KILL QUERY 42");
    assertThat(MigrationDdl.createMagic(T.magic()))
        .startsWith("CREATE TABLE /* ghostflink */ `shop`.`_orders_del` (id INT NOT NULL");
  }

  @Test
  void aTableInADataDirectoryIsCreatedFromItsDefinitionWithItsChecksUnnamed() {
    TableRef ghost = T.ghost();
    assertThat(
            MigrationDdl.createLike(
                ghost, T, "CREATE TABLE `orders` (\n  `id` int NOT NULL\n) ENGINE=InnoDB"))
        .isEqualTo("CREATE TABLE /* ghostflink */ `shop`.`_orders_gho` LIKE `shop`.`orders`");
    assertThat(
            MigrationDdl.createLike(
                ghost,
                T,
                "CREATE TABLE `orders` (\n"
                    + "  `id` int NOT NULL,\n"
                    + "  `note` varchar(40) DEFAULT 'CONSTRAINT `x` CHECK ',\n"
                    + "  PRIMARY KEY (`id`),\n"
                    + "  CONSTRAINT `id_pos` CHECK ((`id` > 0)),\n"
                    + "  CONSTRAINT `we``ird` CHECK ((`id` < 9)) /*!80016 NOT ENFORCED */\n"
                    + ") ENGINE=InnoDB DATA DIRECTORY='/mnt/big/'"))
        .isEqualTo(
            "CREATE TABLE /* ghostflink */ `shop`.`_orders_gho` (\n"
                + "  `id` int NOT NULL,\n"
                + "  `note` varchar(40) DEFAULT 'CONSTRAINT `x` CHECK ',\n"
                + "  PRIMARY KEY (`id`),\n"
                + "  CHECK ((`id` > 0)),\n"
                + "  CHECK ((`id` < 9)) /*!80016 NOT ENFORCED */\n"
                + ") ENGINE=InnoDB DATA DIRECTORY='/mnt/big/'");
  }

  @Test
  void duplicatesGroupByTheKeyColumns() {
    assertThat(MigrationDdl.duplicates(T, List.of("a", "b"), List.of(), 3))
        .isEqualTo(
            "SELECT /* ghostflink */ `a`, `b`, COUNT(*) FROM `shop`.`orders` GROUP BY `a`, `b`"
                + " HAVING COUNT(*) > 1 LIMIT 3");
  }

  @Test
  void duplicatesLeaveOutRowsWithNullInANullableKeyColumn() {
    assertThat(MigrationDdl.duplicates(T, List.of("a", "b", "c"), List.of("a", "c"), 3))
        .isEqualTo(
            "SELECT /* ghostflink */ `a`, `b`, `c`, COUNT(*) FROM `shop`.`orders`"
                + " WHERE `a` IS NOT NULL AND `c` IS NOT NULL GROUP BY `a`, `b`, `c`"
                + " HAVING COUNT(*) > 1 LIMIT 3");
  }

  @Test
  void changelogWritesOneRowPerHint() {
    assertThat(ChangelogSql.write(T.changelog()))
        .isEqualTo(
            "INSERT /* ghostflink */ INTO `shop`.`_orders_ghc` (hint, value) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE value = VALUES(value)");
  }

  @Test
  void verifyHexesEveryValueSoNullDiffersFromTextAndReadsJsonBackFromItsText() {
    assertThat(
            VerifySql.chunkDigest(
                T,
                "PRIMARY",
                List.of(Column.of("id", "int", "int", false)),
                List.of(Column.of("id", "int", "int", false)),
                List.of(VerifySql.comparable("id", "int"), VerifySql.comparable("doc", "json")),
                true,
                false,
                ""))
        .isEqualTo(
            "SELECT /* ghostflink */ COUNT(*), COALESCE(BIT_XOR(CAST(CONV(LEFT(MD5(CONCAT_WS('#',"
                + " COALESCE(HEX(CAST(`id` AS BINARY)), 'N'), COALESCE(HEX(CAST(CAST(CAST(`doc` AS"
                + " CHAR) AS JSON) AS BINARY)), 'N'))), 16), 16, 10) AS UNSIGNED)), 0) FROM"
                + " `shop`.`orders` FORCE INDEX (`PRIMARY`) WHERE ((`id` > ?))");
  }

  @Test
  void recordAppliedAddsToTheChangeCount() {
    assertThat(GhostDml.recordApplied(T.progress()))
        .contains("applied_changes = applied_changes + VALUES(applied_changes)");
  }
}
