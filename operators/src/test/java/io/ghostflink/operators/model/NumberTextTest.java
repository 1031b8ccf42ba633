package io.ghostflink.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Texts measured on MySQL 8.0.31 ({@code CAST(c AS CHAR)}, which its ALTER writes). */
class NumberTextTest {
  @Test
  void aFloatHasSixDigitsInPlainNotationWhereTheyFitTwelveCharacters() {
    assertThat(NumberText.ofFloat(1.1f)).isEqualTo("1.1");
    assertThat(NumberText.ofFloat(0.14285715f)).isEqualTo("0.142857");
    assertThat(NumberText.ofFloat(16777217f)).isEqualTo("16777200");
    assertThat(NumberText.ofFloat(123456789f)).isEqualTo("123457000");
    assertThat(NumberText.ofFloat(-1.5e-7f)).isEqualTo("-0.00000015");
    assertThat(NumberText.ofFloat(3.4e38f)).isEqualTo("3.4e38");
    assertThat(NumberText.ofFloat(1e-45f)).isEqualTo("1.4013e-45");
    assertThat(NumberText.ofFloat(-3.48251e12f)).isEqualTo("-3.48251e12");
    assertThat(NumberText.ofFloat(1e15f)).isEqualTo("1e15");
    assertThat(NumberText.ofFloat(0f)).isEqualTo("0");
  }

  @Test
  void aDoubleHasTheFewestDigitsThatReadBackAsIt() {
    assertThat(NumberText.ofDouble(0.1428571492433548)).isEqualTo("0.1428571492433548");
    assertThat(NumberText.ofDouble(2.2250738585072014e-308)).isEqualTo("2.2250738585072014e-308");
    assertThat(NumberText.ofDouble(1e-5)).isEqualTo("0.00001");
    assertThat(NumberText.ofDouble(123456789012.0)).isEqualTo("123456789012");
    assertThat(NumberText.ofDouble(1e20)).isEqualTo("1e20");
    assertThat(NumberText.ofDouble(-0.5)).isEqualTo("-0.5");
    assertThat(NumberText.ofDouble(-4.526185676256844e-11)).isEqualTo("-4.526185676256844e-11");
  }

  @Test
  void fixedDecimalsAndZerofillFollowTheColumn() {
    assertThat(NumberText.of(Column.of("a", "float", "float(7,3)", true)).text(1.1))
        .isEqualTo("1.100");
    assertThat(NumberText.of(Column.of("b", "double", "double(10,2)", true)).text(123.455))
        .isEqualTo("123.45");
    assertThat(NumberText.of(Column.of("c", "float", "float unsigned zerofill", true)).text(1.5))
        .isEqualTo("0000000001.5");
    assertThat(NumberText.of(Column.of("d", "double", "double unsigned zerofill", true)).text(1e20))
        .isEqualTo("0000000000000000001e20");
  }

  @Test
  void onlyFloatsAndDoublesMadeStringsAreWrittenAsText() {
    List<Column> sources =
        List.of(
            Column.of("f", "float", "float", true),
            Column.of("d", "double", "double", true),
            Column.of("g", "float", "float", true));
    ColumnMapping mapping =
        new ColumnMapping(
            List.of("f", "d", "g"),
            new int[] {0, 1, 2},
            List.of(NumberText.AS_STRING, NumberText.AS_STRING, "FLOAT"),
            List.of("", "", "DOUBLE"));
    NumberText[] texted = NumberText.texted(mapping, sources);
    byte[][] row = {bytes("0.1428571492433548"), bytes("2.0E-300"), bytes("0.1428571492433548")};

    NumberText.text(texted, row);

    assertThat(texted).extracting(t -> t != null).containsExactly(true, true, false);
    assertThat(new String(row[0], StandardCharsets.US_ASCII)).isEqualTo("0.142857");
    assertThat(new String(row[1], StandardCharsets.US_ASCII)).isEqualTo("2e-300");
    assertThat(new String(row[2], StandardCharsets.US_ASCII)).isEqualTo("0.1428571492433548");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
