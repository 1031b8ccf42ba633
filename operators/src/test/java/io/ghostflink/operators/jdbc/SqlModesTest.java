package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlModesTest {
  @Test
  void writesAreStrictKeepZeroDatesAndReadStatementsInMysqlsUsualSyntax() {
    assertThat(
            SqlModes.forWrites(
                "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO"))
        .isEqualTo(
            "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO");
    assertThat(SqlModes.forWrites("")).isEqualTo("STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO");
  }

  @Test
  void theNamesOfSeveralModesAtOnceDoNotBringBackTheModesLeftOut() {
    // as MySQL lists sql_mode = 'TRADITIONAL' and 'ANSI'
    assertThat(
            SqlModes.forWrites(
                "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                    + "ERROR_FOR_DIVISION_BY_ZERO,TRADITIONAL,NO_ENGINE_SUBSTITUTION"))
        .isEqualTo(
            "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
                + "NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO");
    assertThat(
            SqlModes.forWrites(
                "REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ONLY_FULL_GROUP_BY,ANSI"))
        .isEqualTo(
            "REAL_AS_FLOAT,PIPES_AS_CONCAT,IGNORE_SPACE,ONLY_FULL_GROUP_BY,STRICT_ALL_TABLES,"
                + "NO_AUTO_VALUE_ON_ZERO");
  }

  @Test
  void theModesThatChangeHowAStatementIsReadAreTheAltersOnly() {
    String global = "ANSI_QUOTES,NO_BACKSLASH_ESCAPES,STRICT_TRANS_TABLES";
    assertThat(SqlModes.forWrites(global))
        .isEqualTo("STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO");
    assertThat(SqlModes.syntaxOf(global)).isEqualTo("ANSI_QUOTES,NO_BACKSLASH_ESCAPES");
    assertThat(SqlModes.syntaxOf("STRICT_TRANS_TABLES")).isEmpty();
  }
}
