package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecheckSqlTest {
  private static final TableRef T = new TableRef("shop", "orders");

  @Test
  void theTableKeepsTheKeysTypesAndCollation() {
    Column code =
        Column.fromInformationSchema(
            "code", "varchar", "varchar(20)", false, "", "", "utf8mb4_bin", null);
    assertThat(RecheckSql.create(T.recheck(), List.of(Column.of("id", "int", "int", false), code)))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS `shop`.`_orders_ghr` (`id` int NOT NULL, `code`"
                + " varchar(20) COLLATE utf8mb4_bin NOT NULL, touched TIMESTAMP(6) NOT NULL DEFAULT"
                + " CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`,"
                + " `code`)) ENGINE=InnoDB");
  }

  @Test
  void listingTouchesAnEntryThatExists() {
    assertThat(RecheckSql.list(T.recheck(), List.of("id")))
        .isEqualTo(
            "INSERT /* ghostflink */ INTO `shop`.`_orders_ghr` (`id`) VALUES (?) ON DUPLICATE KEY"
                + " UPDATE touched = CURRENT_TIMESTAMP(6)");
    assertThat(RecheckSql.forget(T.recheck(), List.of("a", "b")))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_ghr` WHERE `a` = ? AND `b` = ? AND"
                + " touched = ?");
  }

  @Test
  void rowsAChunkLeftOutAreFoundByTheirKeyInTheGhost() {
    assertThat(
            RecheckSql.listMissingInRange(
                T.recheck(), T, T.ghost(), "PRIMARY", List.of("id"), List.of("id"), true, false))
        .isEqualTo(
            "INSERT /* ghostflink */ INTO `shop`.`_orders_ghr` (`id`) SELECT `id` FROM"
                + " `shop`.`orders` o FORCE INDEX (`PRIMARY`) WHERE ((`id` > ?)) AND NOT EXISTS"
                + " (SELECT 1 FROM `shop`.`_orders_gho` g WHERE g.`id` = o.`id`) ON DUPLICATE KEY"
                + " UPDATE touched = CURRENT_TIMESTAMP(6)");
    assertThat(RecheckSql.missing(T.recheck(), T.ghost(), List.of("id"), List.of("ident")))
        .isEqualTo(
            "SELECT /* ghostflink */ `shop`.`_orders_ghr`.`id`, `shop`.`_orders_ghr`.touched FROM"
                + " `shop`.`_orders_ghr` WHERE `shop`.`_orders_ghr`.touched >= ? AND NOT EXISTS"
                + " (SELECT 1 FROM `shop`.`_orders_gho` WHERE `shop`.`_orders_gho`.`ident` ="
                + " `shop`.`_orders_ghr`.`id`)");
  }

  @Test
  void rowsAreCopiedAgainByTheirKeys() {
    assertThat(
            RecheckSql.copyRows(
                T, T.ghost(), List.of("id", "n"), List.of("id", "n"), List.of("id"), 2))
        .isEqualTo(
            "INSERT IGNORE /* ghostflink */ INTO `shop`.`_orders_gho` (`id`, `n`) SELECT `id`, `n`"
                + " FROM `shop`.`orders` WHERE (`id` = ?) OR (`id` = ?) LOCK IN SHARE MODE");
  }
}
