package io.ghostflink.operators.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.NumberText;
import io.ghostflink.operators.model.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnMapperTest {
  private static final TableSchema ORIGINAL =
      new TableSchema(
          List.of(col("id"), col("k"), col("c"), col("pad"), generated("g"), createdAt("dt0")),
          "PRIMARY",
          new int[] {0});

  @Test
  void anEnumOrSetMadeANumberTravelsAsTheNumberMysqlStores() {
    Column flag = typed("flag", "enum", "enum('0','1')");
    Column set = typed("s", "set", "set('a','b')");
    Column tinyint = typed("flag", "tinyint", "tinyint");
    assertThat(ColumnMapper.valueType(flag, tinyint)).isEqualTo("UNSIGNED");
    assertThat(ColumnMapper.valueType(set, typed("s", "decimal", "decimal(5,1)")))
        .isEqualTo("UNSIGNED");
    assertThat(ColumnMapper.valueType(flag, typed("flag", "bit", "bit(8)"))).isEqualTo("UNSIGNED");
    assertThat(ColumnMapper.valueType(flag, typed("flag", "year", "year"))).isEqualTo("UNSIGNED");
    assertThat(ColumnMapper.valueType(flag, typed("flag", "varchar", "varchar(5)")))
        .as("into text: the member's text")
        .isEmpty();
    assertThat(ColumnMapper.valueType(typed("n", "int", "int"), tinyint)).isEqualTo("SIGNED");
  }

  @Test
  void aNumberMadeAnEnumOrSetTravelsAsItsTextAsMysqlsAlterStoresIt() {
    Column status = typed("status", "enum", "enum('a','b')");
    assertThat(ColumnMapper.valueType(typed("status", "tinyint", "tinyint"), status))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(ColumnMapper.valueType(typed("status", "year", "year"), status))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(
            ColumnMapper.valueType(
                typed("status", "double", "double"), typed("status", "set", "set('a','b')")))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(
            ColumnMapper.valueType(
                typed("status", "enum", "enum('a')"), typed("status", "enum", "enum('a','b')")))
        .as("an ENUM into another: the member's text, uncast")
        .isEmpty();
  }

  @Test
  void yearsDatesTimesAndBitsAreWrittenAndCopiedAsMysqlsAlterConvertsThem() {
    Column year = typed("y", "year", "year");
    Column date = typed("d", "date", "date");
    Column time = typed("tm", "time", "time(2)");
    Column dbl = typed("db", "double", "double");
    Column bit = typed("b", "bit", "bit(8)");
    TableSchema original = keyed(year, date, time, dbl, bit);
    ColumnMapping m =
        ColumnMapper.map(
            original,
            keyed(
                    typed("y", "varchar", "varchar(10)"),
                    typed("d", "bigint", "bigint"),
                    typed("tm", "year", "year"),
                    typed("db", "year", "year"),
                    typed("b", "text", "text"))
                .columns(),
            Map.of(),
            Set.of());

    assertThat(m.copiedExpressions(original))
        .containsExactly(
            "`id`", "CAST(`y` AS CHAR)", "CAST(`d` AS DATE)", "`tm`", "ROUND(`db`)", "`b`");
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(m::valueExpression))
        .containsExactly(
            "CAST(? AS CHAR)",
            "CAST(? AS DATE)",
            "CAST(CAST(? AS TIME(2)) AS SIGNED)",
            "ROUND(CAST(? AS DOUBLE))",
            "?");
    assertThat(m.storedExpression(2)).isEqualTo("CAST(CAST(? AS DATE) AS SIGNED)");
    assertThat(
            ColumnMapper.storedType(
                typed("dt", "datetime", "datetime(3)"), typed("dt", "date", "date")))
        .as("a fraction is rounded to its second first, as MySQL stores it")
        .isEqualTo("DATETIME(0) DATE");
    assertThat(ColumnMapper.storedType(typed("tm", "time", "time"), typed("tm", "date", "date")))
        .isEqualTo("DATE");
    Column json = typed("j", "json", "json");
    assertThat(ColumnMapper.valueType(json, typed("j", "time", "time(1)")))
        .as("a document made a time: its text, as MySQL's ALTER reads it")
        .isEqualTo("JSON CHAR");
    assertThat(ColumnMapper.valueType(json, typed("j", "bit", "bit(4)"))).isEqualTo("JSON SIGNED");
    assertThat(ColumnMapper.valueType(time, typed("tm", "bit", "bit(8)")))
        .as("a time made a BIT: its number")
        .isEqualTo("TIME(2) SIGNED");
    assertThat(ColumnMapper.valueType(year, typed("y", "bit", "bit(16)"))).isEqualTo("SIGNED");
    assertThat(ColumnMapper.valueType(dbl, typed("db", "bit", "bit(4)")))
        .as("rounded half to even, as MySQL's ALTER stores it")
        .isEqualTo("DOUBLE ROUND");
    assertThat(ColumnMapper.valueType(bit, typed("b", "varchar", "varchar(10)")))
        .as("into a VARCHAR, MySQL's ALTER writes the number")
        .isEqualTo("UNSIGNED");
  }

  @Test
  void aBitMadeTextTravelsAsItsNumberAndTextMadeABitAsASignedInteger() {
    Column bit = typed("b", "bit", "bit(8)");
    Column text =
        new Column(
            "c",
            "varchar",
            "varchar(20)",
            true,
            Column.Generation.NONE,
            "",
            "utf8mb4_0900_ai_ci",
            false,
            false,
            false,
            null);
    assertThat(ColumnMapper.valueType(bit, text)).isEqualTo("UNSIGNED");
    assertThat(ColumnMapper.valueType(bit, typed("b", "bit", "bit(16)"))).isEmpty();
    assertThat(ColumnMapper.valueType(text, bit)).isEqualTo("SIGNED");
    ColumnMapping m =
        ColumnMapper.map(
            new TableSchema(List.of(typed("id", "int", "int"), text), "PRIMARY", new int[] {0}),
            List.of(typed("id", "int", "int"), typed("c", "bit", "bit(64)")),
            Map.of(),
            Set.of());
    assertThat(
            m.copiedExpressions(
                new TableSchema(
                    List.of(typed("id", "int", "int"), text), "PRIMARY", new int[] {0})))
        .containsExactly("`id`", "CAST(`c` AS SIGNED)");
  }

  @Test
  void aFloatOrDoubleMadeAStringIsWrittenAsItsTextAndCopiedAsTheColumnsText() {
    Column f = typed("f", "float", "float");
    Column d = typed("d", "double", "double");
    assertThat(ColumnMapper.valueType(f, typed("f", "varchar", "varchar(30)")))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(ColumnMapper.valueType(d, typed("d", "blob", "blob")))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(ColumnMapper.valueType(f, typed("f", "double", "double"))).isEqualTo("FLOAT");
    Column json = typed("j", "json", "json");
    assertThat(ColumnMapper.valueType(typed("i", "int", "int"), json))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(ColumnMapper.valueType(typed("y", "year", "year"), json))
        .isEqualTo(NumberText.AS_STRING);
    assertThat(ColumnMapper.valueType(d, json)).isEqualTo(NumberText.AS_STRING);
    TableSchema original = keyed(f, d);
    ColumnMapping m =
        ColumnMapper.map(
            original,
            keyed(typed("f", "varchar", "varchar(30)"), typed("d", "double", "double")).columns(),
            Map.of(),
            Set.of());
    assertThat(m.copiedExpressions(original)).containsExactly("`id`", "CAST(`f` AS CHAR)", "`d`");
  }

  /** A table of {@code columns} after an INT primary key {@code id}. */
  @Test
  void bytesOfACharacterSetOtherThanUtf8AreReadInItWhereverTheyAreWrittenOrCompared() {
    Column sjis = text("name", "varchar(20)", "sjis_japanese_ci");
    Column latin1 = text("note", "text", "latin1_german2_ci");
    Column code = text("code", "varchar(4)", "cp1251_bin");
    Column utf8 = text("s", "varchar(10)", "utf8mb4_0900_ai_ci");
    TableSchema original =
        new TableSchema(List.of(code, sjis, latin1, utf8), "PRIMARY", new int[] {0});
    ColumnMapping m =
        ColumnMapper.map(
            original,
            List.of(
                text("code", "varchar(4)", "utf8mb4_bin"),
                text("name", "varchar(20)", "sjis_bin"),
                typed("note", "int", "int"),
                utf8),
            Map.of(),
            Set.of());

    assertThat(List.of(0, 1, 2, 3).stream().map(m::valueExpression))
        .as("written: read in its character set, MySQL converting it as its ALTER would")
        .containsExactly(
            "CONVERT(? USING cp1251)", "CONVERT(? USING sjis)", "CONVERT(? USING latin1)", "?");
    assertThat(m.storedExpression(2))
        .as("text made a number: the number of the text read in its character set")
        .isEqualTo("CAST(CONVERT(? USING latin1) AS SIGNED)");
    assertThat(m.storedExpression(1))
        .as("compared with the ghost column: in its collation")
        .isEqualTo("CONVERT(? USING sjis) COLLATE sjis_bin");
    assertThat(m.storedExpression(0))
        .isEqualTo("CONVERT(CONVERT(? USING cp1251) USING utf8mb4) COLLATE utf8mb4_bin");
    assertThat(m.ghostKeyPlaceholders(original))
        .containsExactly("CONVERT(CONVERT(? USING cp1251) USING utf8mb4) COLLATE utf8mb4_bin");
    assertThat(m.copiedExpressions(original))
        .as("a server-side copy selects the columns themselves")
        .containsExactly("`code`", "`name`", "`note`", "`s`");

    ColumnMapping enumerated =
        ColumnMapper.map(
            new TableSchema(List.of(code, sjis), "PRIMARY", new int[] {0}),
            List.of(
                code,
                Column.fromInformationSchema(
                    "name", "enum", "enum('a','b')", false, "", "", "utf8mb4_0900_ai_ci", null)),
            Map.of(),
            Set.of());
    assertThat(enumerated.storedExpression(1))
        .as("made an ENUM, which has a collation: compared as the ENUM, not converted")
        .isEqualTo("CONVERT(? USING sjis)");
  }

  private static Column text(String name, String columnType, String collation) {
    return Column.fromInformationSchema(
        name, columnType.replaceAll("\\(.*", ""), columnType, false, "", "", collation, null);
  }

  private static TableSchema keyed(Column... columns) {
    List<Column> all = new java.util.ArrayList<>();
    all.add(typed("id", "int", "int"));
    all.addAll(List.of(columns));
    return new TableSchema(all, "PRIMARY", new int[] {0});
  }

  private static Column typed(String name, String type, String columnType) {
    return Column.of(name, type, columnType, true);
  }

  @Test
  void sharedColumnsMapByNameIgnoringCase() {
    ColumnMapping m =
        ColumnMapper.map(ORIGINAL, List.of(col("ID"), col("k"), col("c")), Map.of(), Set.of());

    assertThat(m.ghostColumns()).containsExactly("ID", "k", "c");
    assertThat(m.sourceColumns()).containsExactly(0, 1, 2);
    assertThat(ColumnMapper.unmapped(ORIGINAL, m)).containsExactly("pad", "dt0");
  }

  @Test
  void renamedColumnTakesItsOldColumnsValues() {
    ColumnMapping m =
        ColumnMapper.map(
            ORIGINAL, List.of(col("id"), col("kk"), col("c")), Map.of("k", "kk"), Set.of());

    assertThat(m.ghostColumns()).containsExactly("id", "kk", "c");
    assertThat(m.sourceColumns()).containsExactly(0, 1, 2);
  }

  @Test
  void newColumnNamedLikeARenamedOneStartsFromItsDefault() {
    // ALTER ... CHANGE c c_old ..., ADD COLUMN c ...
    ColumnMapping m =
        ColumnMapper.map(
            ORIGINAL, List.of(col("id"), col("c_old"), col("c")), Map.of("c", "c_old"), Set.of());

    assertThat(m.ghostColumns()).containsExactly("id", "c_old");
    assertThat(m.sourceColumns()).containsExactly(0, 2);
  }

  @Test
  void columnDroppedAndAddedAgainStartsFromItsDefault() {
    // ALTER ... DROP COLUMN c, ADD COLUMN c INT DEFAULT 47: MySQL gives every row 47
    ColumnMapping m =
        ColumnMapper.map(ORIGINAL, List.of(col("id"), col("k"), col("c")), Map.of(), Set.of("C"));

    assertThat(m.ghostColumns()).containsExactly("id", "k");
  }

  @Test
  void swappedNamesFollowTheRenames() {
    ColumnMapping m =
        ColumnMapper.map(
            ORIGINAL, List.of(col("id"), col("c"), col("k")), Map.of("k", "c", "c", "k"), Set.of());

    assertThat(m.ghostColumns()).containsExactly("id", "c", "k");
    assertThat(m.sourceColumns()).containsExactly(0, 1, 2);
  }

  @Test
  void generatedGhostColumnsAreNeverWritten() {
    ColumnMapping m =
        ColumnMapper.map(
            ORIGINAL, List.of(col("id"), generated("g"), generated("pad")), Map.of(), Set.of());

    assertThat(m.ghostColumns()).containsExactly("id");
  }

  @Test
  void storedGeneratedColumnMadeOrdinaryKeepsItsValues() {
    // ALTER ... MODIFY g INT: MySQL keeps the stored values
    ColumnMapping m = ColumnMapper.map(ORIGINAL, List.of(col("id"), col("g")), Map.of(), Set.of());

    assertThat(m.ghostColumns()).containsExactly("id", "g");
    assertThat(m.sourceColumns()).containsExactly(0, 4);
  }

  @Test
  void columnsWithAnExpressionDefaultAreCopied() {
    // DEFAULT CURRENT_TIMESTAMP is a default, not a generated column: its values are the row's
    ColumnMapping m =
        ColumnMapper.map(ORIGINAL, List.of(col("id"), createdAt("dt0")), Map.of(), Set.of());

    assertThat(m.ghostColumns()).containsExactly("id", "dt0");
    assertThat(m.sourceColumns()).containsExactly(0, 5);
  }

  private static Column col(String name) {
    return Column.of(name, "int", "int", false);
  }

  private static Column generated(String name) {
    return Column.fromInformationSchema(
        name, "int", "int", true, "STORED GENERATED", "(`k` + 1)", null, null);
  }

  private static Column createdAt(String name) {
    return Column.fromInformationSchema(
        name,
        "datetime",
        "datetime",
        true,
        "DEFAULT_GENERATED on update CURRENT_TIMESTAMP",
        "",
        null,
        "CURRENT_TIMESTAMP");
  }
}
