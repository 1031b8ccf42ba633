package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MysqlLatin1Test {
  @Test
  void readsCp1252AndTheFiveBytesItLeavesUndefinedAsMysqlDoes() {
    byte[] bytes = {0x41, (byte) 0x80, (byte) 0x81, (byte) 0x8D, (byte) 0x8F, (byte) 0x90};
    String carried = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(MysqlLatin1.decode(carried)).isEqualTo("A€\u0081\u008D\u008F\u0090");
    assertThat(
            MysqlLatin1.decode(
                new String(
                    new byte[] {(byte) 0x9D, (byte) 0xE9, (byte) 0x92},
                    StandardCharsets.ISO_8859_1)))
        .isEqualTo("\u009Dé’");
  }

  @Test
  void debeziumIsToldToHandLatin1OverByteForByteAndEveryOtherCharsetAsBefore() throws Exception {
    java.lang.reflect.Method m =
        Class.forName("io.debezium.connector.mysql.MySqlConnection")
            .getMethod("getJavaEncodingForMysqlCharSet", String.class);
    assertThat(m.invoke(null, "latin1")).isEqualTo("ISO-8859-1");
    assertThat(m.invoke(null, "utf8mb4")).isEqualTo("UTF-8");
    assertThat((String) m.invoke(null, "cp1250")).isEqualToIgnoringCase("windows-1250");
    BinlogDecoding.requireExact();
  }

  @Test
  void onlyLatin1CharacterColumnsAreCarried() {
    assertThat(MysqlLatin1.carries(text("varchar", "latin1_swedish_ci"))).isTrue();
    assertThat(MysqlLatin1.carries(text("mediumtext", "latin1_bin"))).isTrue();
    assertThat(MysqlLatin1.carries(text("enum", "latin1_swedish_ci"))).as("names").isFalse();
    assertThat(MysqlLatin1.carries(text("varchar", "utf8mb4_0900_ai_ci"))).isFalse();
  }

  private static Column text(String type, String collation) {
    return new Column(
        "c", type, type, true, Column.Generation.NONE, "", collation, false, false, false, null);
  }
}
