package io.ghostflink.operators.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecheckSqlTest {
  private static final TableRef T = new TableRef("shop", "orders");

  private static List<Column> keys(String... names) {
    return java.util.Arrays.stream(names).map(n -> Column.of(n, "int", "int", false)).toList();
  }

  @Test
  void keysOfACharacterSetOtherThanUtf8AreBytesReadInIt() {
    Column code =
        Column.fromInformationSchema(
            "code", "varchar", "varchar(20)", false, "", "", "cp932_japanese_ci", null);
    assertThat(RecheckSql.list(T.recheck(), List.of(code)))
        .isEqualTo(
            "INSERT /* ghostflink */ INTO `shop`.`_orders_ghr` (`code`) VALUES (CONVERT(? USING"
                + " cp932) COLLATE cp932_japanese_ci) ON DUPLICATE KEY UPDATE touched ="
                + " CURRENT_TIMESTAMP(6)");
    assertThat(RecheckSql.missing(T.recheck(), T.ghost(), List.of(code), List.of("code")))
        .startsWith("SELECT /* ghostflink */ CAST(`shop`.`_orders_ghr`.`code` AS BINARY),");
    assertThat(
            RecheckSql.present(
                T.ghost(), List.of("code"), List.of(code), List.of("CONVERT(? USING cp932)"), 1))
        .isEqualTo(
            "SELECT /* ghostflink */ CAST(CONVERT(`code` USING cp932) AS BINARY) FROM"
                + " `shop`.`_orders_gho` WHERE (`code` = CONVERT(? USING cp932))");
  }

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
    assertThat(RecheckSql.list(T.recheck(), keys("id")))
        .isEqualTo(
            "INSERT /* ghostflink */ INTO `shop`.`_orders_ghr` (`id`) VALUES (?) ON DUPLICATE KEY"
                + " UPDATE touched = CURRENT_TIMESTAMP(6)");
    assertThat(RecheckSql.forget(T.recheck(), keys("a", "b")))
        .isEqualTo(
            "DELETE /* ghostflink */ FROM `shop`.`_orders_ghr` WHERE `a` = ? AND `b` = ? AND"
                + " touched = ?");
  }

  @Test
  void rowsAChunkLeftOutAreFoundByTheirKeyInTheGhost() {
    assertThat(
            RecheckSql.listMissingInRange(
                T.recheck(), T, T.ghost(), "PRIMARY", keys("id"), List.of("id"), true, false))
        .isEqualTo(
            "INSERT /* ghostflink */ INTO `shop`.`_orders_ghr` (`id`) SELECT `id` FROM"
                + " `shop`.`orders` o FORCE INDEX (`PRIMARY`) WHERE ((`id` > ?)) AND NOT EXISTS"
                + " (SELECT 1 FROM `shop`.`_orders_gho` g WHERE g.`id` = o.`id`) ON DUPLICATE KEY"
                + " UPDATE touched = CURRENT_TIMESTAMP(6)");
    assertThat(RecheckSql.missing(T.recheck(), T.ghost(), keys("id"), List.of("ident")))
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
                new CopyRange(
                    T,
                    T.ghost(),
                    List.of("id", "n"),
                    List.of("id", "n"),
                    "PRIMARY",
                    keys("id"),
                    false,
                    false,
                    "/*+ SET_VAR(time_zone = 'SYSTEM') */ ",
                    List.of("`id`", "CAST(`n` AS DATE)")),
                2))
        .isEqualTo(
            "INSERT /*+ SET_VAR(time_zone = 'SYSTEM') */ IGNORE /* ghostflink */ INTO"
                + " `shop`.`_orders_gho` (`id`, `n`) SELECT `id`, CAST(`n` AS DATE) FROM"
                + " `shop`.`orders` WHERE (`id` = ?) OR (`id` = ?) LOCK IN SHARE MODE");
  }
}
