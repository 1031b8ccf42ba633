package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Cells in MySQL's binlog formats (my_time.cc, "*_packed_to_binary"), decoded exactly. */
class BinlogTemporalsTest {
  private static ByteArrayInputStream in(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new ByteArrayInputStream(b);
  }

  @Test
  void negativeTimesDecodeToTheirValue() throws IOException {
    // -12:27:00 without fraction: (12 << 12 | 27 << 6) negated, offset by 0x800000
    assertThat(BinlogTemporals.timeV2(0, in(0x7F, 0x39, 0x40)))
        .isEqualTo(Duration.ofHours(-12).minusMinutes(27));
    // -00:00:00.5 with one fraction digit: int part -1 and fraction byte -50 (hundredths)
    assertThat(BinlogTemporals.timeV2(1, in(0x7F, 0xFF, 0xFF, 0xCE)))
        .isEqualTo(Duration.ofMillis(-500));
    // 838:59:59 with six fraction digits, as one 48-bit value offset by 0x800000000000
    long hms = 838L << 12 | 59 << 6 | 59;
    long stored = (hms << 24) + 0x800000000000L;
    assertThat(BinlogTemporals.timeV2(6, in(bytes(stored, 6))))
        .isEqualTo(Duration.ofHours(838).plusMinutes(59).plusSeconds(59));
  }

  @Test
  void datesWithZeroPartsSurviveAsDatesOfNegativeYears() throws IOException {
    Object zero = BinlogTemporals.date(in(0, 0, 0));
    assertThat(ZeroDates.text((LocalDate) zero)).isEqualTo("0000-00-00");
    int v = 2020 << 9 | 0 << 5 | 5; // 2020-00-05, little-endian
    Object zeroMonth = BinlogTemporals.date(in(v & 0xFF, v >> 8 & 0xFF, v >> 16 & 0xFF));
    assertThat(ZeroDates.text((LocalDate) zeroMonth)).isEqualTo("2020-00-05");
  }

  @Test
  void datetimesKeepZeroPartsAndFractions() throws IOException {
    long ym = 2020L * 13 + 0;
    long ymd = ym << 5 | 5;
    long hmsPart = 10 << 12 | 11 << 6 | 12;
    long stored = (ymd << 17 | hmsPart) + 0x8000000000L;
    // fsp 3: two fraction bytes in hundreds of microseconds: .123 = 1230
    LocalDateTime t =
        (LocalDateTime) BinlogTemporals.datetimeV2(3, in(concat(bytes(stored, 5), bytes(1230, 2))));
    assertThat(ZeroDates.text(t.toLocalDate())).isEqualTo("2020-00-05");
    assertThat(t.toLocalTime().toString()).isEqualTo("10:11:12.123");
  }

  @Test
  void theYearZeroAndTheEpochsZeroSecondAreKept() throws IOException {
    assertThat(BinlogTemporals.year(in(0))).isEqualTo(Year.of(BinlogTemporals.YEAR_ZERO));
    assertThat(BinlogTemporals.year(in(255))).isEqualTo(Year.of(2155));
    assertThat(((ZonedDateTime) BinlogTemporals.timestampV2(0, in(0, 0, 0, 0))).toEpochSecond())
        .isZero();
  }

  private static int[] bytes(long value, int n) {
    int[] out = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      out[i] = (int) (value & 0xFF);
      value >>>= 8;
    }
    return out;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
