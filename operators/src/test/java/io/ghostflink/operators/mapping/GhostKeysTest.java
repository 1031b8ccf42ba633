package io.ghostflink.operators.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GhostKeysTest {
  private static final Column ID = Column.of("id", "int", "int", false);
  private static final Column I = Column.of("i", "int", "int", false);
  private static final Column NAME =
      Column.fromInformationSchema(
          "name", "varchar", "varchar(255)", false, "", "", "utf8mb4_0900_ai_ci", null);
  private static final UniqueKey PK = UniqueKey.of("PRIMARY", List.of("id"));
  private static final UniqueKey NAME_UK = UniqueKey.of("name_index", List.of("name"));

  @Test
  void anUntouchedKeyIsTheRowKeyAndAnUntouchedUniqueKeyIsGuaranteed() {
    List<Column> ghost = List.of(ID, I, NAME, Column.of("x", "int", "int", true));
    GhostKeys.Plan plan =
        plan(List.of(ID, I, NAME), List.of(PK, NAME_UK), ghost, List.of(PK, NAME_UK));

    assertThat(plan.ok()).isTrue();
    assertThat(plan.rowKey()).isEqualTo(PK);
    GhostKey k = plan.ghostKey();
    assertThat(k.columns()).containsExactly("id");
    assertThat(k.unique()).isTrue();
    assertThat(k.conflictOn("PRIMARY")).isEqualTo(GhostKey.Conflict.SAME_ROW);
    assertThat(k.conflictOn("NAME_INDEX")).isEqualTo(GhostKey.Conflict.STALE);
    assertThat(k.conflictOn("other")).isEqualTo(GhostKey.Conflict.UNKNOWN);
    assertThat(k.deleteBeforeUpsert()).isFalse();
  }

  @Test
  void aKeyOverANewAutoIncrementColumnIsNumberedAndOverANewNullColumnGuaranteed() {
    // a table with only a unique key gets a surrogate key: ADD id BIGINT AUTO_INCREMENT PRIMARY KEY
    Column newId =
        Column.fromInformationSchema(
            "id", "bigint", "bigint", false, "auto_increment", "", "", null);
    Column leftNull = Column.of("n", "int", "int", true);
    UniqueKey nullUk = UniqueKey.of("n_uk", List.of("n"));
    GhostKey k =
        plan(
                List.of(I, NAME),
                List.of(NAME_UK),
                List.of(newId, I, NAME, leftNull),
                List.of(PK, NAME_UK, nullUk))
            .ghostKey();

    assertThat(k.conflictOn("PRIMARY")).isEqualTo(GhostKey.Conflict.NUMBERED);
    assertThat(k.numberedKeys()).containsExactly("PRIMARY");
    assertThat(k.conflictOn("n_uk")).isEqualTo(GhostKey.Conflict.STALE);
    assertThat(k.riskyKeys()).isEmpty();
  }

  @Test
  void aShorterUniqueColumnIsRisky() {
    Column short4 =
        Column.fromInformationSchema(
            "name", "varchar", "varchar(4)", false, "", "", "utf8mb4_0900_ai_ci", null);
    Column ci =
        Column.fromInformationSchema(
            "name", "varchar", "varchar(255)", false, "", "", "utf8mb4_bin", null);
    // a shorter length keeps identity (a longer value fails the copy), another collation not
    assertThat(
            plan(List.of(ID, NAME), List.of(PK, NAME_UK), List.of(ID, short4), List.of(PK, NAME_UK))
                .ghostKey()
                .riskyKeys())
        .isEmpty();
    GhostKey k =
        plan(List.of(ID, NAME), List.of(PK, NAME_UK), List.of(ID, ci), List.of(PK, NAME_UK))
            .ghostKey();
    assertThat(k.conflictOn("name_index")).isEqualTo(GhostKey.Conflict.RISKY);
    assertThat(k.deleteBeforeUpsert()).isTrue();
  }

  @Test
  void aNewUniqueKeyIsRiskyUnlessItExtendsAnOldOne() {
    UniqueKey newUk = UniqueKey.of("uk", List.of("i"));
    UniqueKey wider = UniqueKey.of("uk2", List.of("name", "i"));
    GhostKey k =
        plan(
                List.of(ID, I, NAME),
                List.of(PK, NAME_UK),
                List.of(ID, I, NAME),
                List.of(PK, newUk, wider))
            .ghostKey();

    assertThat(k.riskyKeys()).extracting(UniqueKey::name).containsExactly("uk");
    assertThat(k.conflictOn("uk2")).isEqualTo(GhostKey.Conflict.STALE);
  }

  @Test
  void aPrimaryKeyExtendedByAColumnNeedsADeleteBeforeEachUpsert() {
    // DROP PRIMARY KEY, ADD PRIMARY KEY (id, i)
    UniqueKey wide = UniqueKey.of("PRIMARY", List.of("id", "i"));
    GhostKeys.Plan plan = plan(List.of(ID, I), List.of(PK), List.of(ID, I), List.of(wide));

    assertThat(plan.ok()).isTrue();
    assertThat(plan.ghostKey().unique()).isFalse();
    assertThat(plan.ghostKey().deleteBeforeUpsert()).isTrue();
    assertThat(plan.ghostKey().conflictOn("PRIMARY")).isEqualTo(GhostKey.Conflict.SAME_ROW);
  }

  @Test
  void aPrimaryKeyNarrowedToFewerColumnsIsRisky() {
    UniqueKey both = UniqueKey.of("PRIMARY", List.of("id", "i"));
    GhostKey k = plan(List.of(ID, I), List.of(both), List.of(ID, I), List.of(PK)).ghostKey();

    assertThat(k.conflictOn("PRIMARY")).isEqualTo(GhostKey.Conflict.RISKY);
  }

  @Test
  void aGeneratedKeyColumnIsFoundByItsExpression() {
    Column idb =
        Column.fromInformationSchema(
            "idb", "int", "int", false, "STORED GENERATED", "(`id` * 2)", null, null);
    UniqueKey pk = UniqueKey.of("PRIMARY", List.of("id", "idb"));
    GhostKeys.Plan plan = plan(List.of(ID, idb), List.of(pk), List.of(ID, idb, I), List.of(pk));

    assertThat(plan.ok()).isTrue();
    assertThat(plan.ghostKey().columns()).containsExactly("id", "idb");
    assertThat(plan.ghostKey().unique()).isTrue();
  }

  @Test
  void aKeyWhoseColumnChangesCollationGivesWayToAnotherKey() {
    Column code =
        Column.fromInformationSchema(
            "code", "varchar", "varchar(20)", false, "", "", "utf8mb3_general_ci", null);
    Column code4 =
        Column.fromInformationSchema(
            "code", "varchar", "varchar(20)", false, "", "", "utf8mb4_0900_ai_ci", null);
    UniqueKey pk = UniqueKey.of("PRIMARY", List.of("code"));
    UniqueKey idUk = UniqueKey.of("id_uk", List.of("id"));
    GhostKeys.Plan plan =
        plan(List.of(code, ID), List.of(pk, idUk), List.of(code4, ID), List.of(pk, idUk));

    assertThat(plan.ok()).isTrue();
    assertThat(plan.rowKey()).isEqualTo(idUk);
    assertThat(plan.ghostKey().conflictOn("PRIMARY")).isEqualTo(GhostKey.Conflict.RISKY);

    GhostKeys.Plan none = plan(List.of(code, ID), List.of(pk), List.of(code4, ID), List.of(pk));
    assertThat(none.problem())
        .contains("changes how column code of the table's key PRIMARY tells values apart")
        .contains("utf8mb3_general_ci -> varchar(20) utf8mb4_0900_ai_ci");
  }

  @Test
  void droppingTheKeyOrEveryKeyIsRefused() {
    assertThat(plan(List.of(ID, I), List.of(PK), List.of(I), List.of()).problem())
        .contains("drops column id of the table's key PRIMARY");
    assertThat(plan(List.of(ID, I), List.of(PK), List.of(ID, I), List.of()).problem())
        .contains("the new table has no primary key");
  }

  @Test
  void aNewUniqueNullableColumnNeverCollides() {
    Column ext = Column.of("external_id", "varchar", "varchar(64)", true);
    UniqueKey uk = UniqueKey.of("ext_uk", List.of("external_id"));
    GhostKey k = plan(List.of(ID), List.of(PK), List.of(ID, ext), List.of(PK, uk)).ghostKey();

    assertThat(k.riskyKeys()).isEmpty();
    assertThat(k.conflictOn("ext_uk")).isEqualTo(GhostKey.Conflict.STALE);
  }

  private static GhostKeys.Plan plan(
      List<Column> original, List<UniqueKey> keys, List<Column> ghost, List<UniqueKey> ghostKeys) {
    ColumnMapping m =
        ColumnMapper.map(new TableSchema(original, "", new int[0]), ghost, Map.of(), Set.of());
    return GhostKeys.plan(original, keys, ghost, ghostKeys, m);
  }
}
