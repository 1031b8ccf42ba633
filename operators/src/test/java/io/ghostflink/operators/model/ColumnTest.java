package io.ghostflink.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnTest {
  @Test
  void expressionDefaultsAreNotGeneratedColumns() {
    Column dt =
        Column.fromInformationSchema(
            "dt0",
            "datetime",
            "datetime",
            true,
            "DEFAULT_GENERATED",
            "",
            null,
            "CURRENT_TIMESTAMP");
    Column ts =
        Column.fromInformationSchema(
            "ts",
            "timestamp",
            "timestamp(6)",
            false,
            "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(6)",
            "",
            null,
            "CURRENT_TIMESTAMP(6)");
    Column stored =
        Column.fromInformationSchema(
            "g", "int", "int", true, "STORED GENERATED", "(`a` * 2)", null, null);
    Column virtual =
        Column.fromInformationSchema(
            "v", "int", "int", true, "VIRTUAL GENERATED", "(`a` + 1)", null, null);

    assertThat(dt.generated()).isFalse();
    assertThat(dt.defaultExpression()).isTrue();
    assertThat(ts.generated()).isFalse();
    assertThat(ts.onUpdate()).isTrue();
    assertThat(stored.generation()).isEqualTo(Column.Generation.STORED);
    assertThat(stored.expression()).isEqualTo("(`a` * 2)");
    assertThat(virtual.generation()).isEqualTo(Column.Generation.VIRTUAL);
  }

  @Test
  void identityIsKeptByWiderIntegersAndOtherLengthsButNotByOtherCollations() {
    Column id = Column.of("id", "int", "int(11)", false);
    Column bigId = Column.of("id", "bigint", "bigint", false);
    Column tiny = Column.of("id", "tinyint", "tinyint unsigned", false);
    Column small = Column.of("id", "smallint", "smallint", false);
    assertThat(id.keepsIdentityIn(bigId)).isTrue();
    assertThat(bigId.keepsIdentityIn(id)).isFalse();
    assertThat(tiny.keepsIdentityIn(small)).isTrue();
    assertThat(small.keepsIdentityIn(Column.of("id", "smallint", "smallint unsigned", false)))
        .isFalse();

    Column name = string("varchar", "varchar(255)", "utf8mb4_0900_ai_ci");
    assertThat(name.keepsIdentityIn(string("varchar", "varchar(20)", "utf8mb4_0900_ai_ci")))
        .isTrue();
    assertThat(name.keepsIdentityIn(string("varchar", "varchar(255)", "utf8mb4_bin"))).isFalse();
    assertThat(name.keepsIdentityIn(string("char", "char(255)", "utf8mb4_0900_ai_ci"))).isFalse();
    assertThat(
            Column.of("t", "datetime", "datetime(6)", false)
                .keepsIdentityIn(Column.of("t", "datetime", "datetime", false)))
        .isFalse();
  }

  @Test
  void aGeneratedColumnKeepsIdentityOnlyWithTheSameExpression() {
    Column g = generated("(`id` * 2)");
    assertThat(g.keepsIdentityIn(generated("(`id` * 2)"))).isTrue();
    assertThat(g.keepsIdentityIn(generated("(`id` * 3)"))).isFalse();
    assertThat(g.keepsIdentityIn(Column.of("idb", "int", "int", false))).isFalse();
  }

  private static Column string(String type, String columnType, String collation) {
    return Column.fromInformationSchema("name", type, columnType, false, "", "", collation, null);
  }

  private static Column generated(String expression) {
    return Column.fromInformationSchema(
        "idb", "int", "int", false, "STORED GENERATED", expression, null, null);
  }
}
