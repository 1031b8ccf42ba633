package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ValueEncoderTest {

  private static final Column TEXT = Column.of("c", "varchar", "varchar(10)", true);
  private static final Column BIT = Column.of("b", "bit", "bit(1)", true);

  private static String text(Schema schema, Object value) {
    return ColumnValues.asText(ValueEncoder.encode(TEXT, schema, value));
  }

  private static Schema named(Schema.Type type, String name) {
    return new SchemaBuilder(type).name(name).build();
  }

  @Test
  void aFloatIsWrittenAsItsExactValueAndADoubleAsItsShortestText() {
    Column f = Column.of("f", "float", "float", true);
    assertThat(ColumnValues.asText(ValueEncoder.encode(f, Schema.FLOAT32_SCHEMA, 0.14285715f)))
        .isEqualTo("0.1428571492433548");
    assertThat(ColumnValues.asText(ValueEncoder.encode(f, Schema.FLOAT64_SCHEMA, 16777216.0)))
        .isEqualTo("1.6777216E7");
    Column d = Column.of("d", "double", "double", true);
    assertThat(ColumnValues.asText(ValueEncoder.encode(d, Schema.FLOAT64_SCHEMA, 0.1)))
        .isEqualTo("0.1");
  }

  @Test
  void datetimeMicrosBecomeWallClockText() {
    assertThat(text(named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"), 1704164645123456L))
        .isEqualTo("2024-01-02 03:04:05.123456");
    assertThat(text(named(Schema.Type.INT64, "io.debezium.time.Timestamp"), -1000L))
        .isEqualTo("1969-12-31 23:59:59.000000");
  }

  @Test
  void timestampsBecomeUtcText() {
    assertThat(
            text(
                named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                "2024-01-02T03:04:05.123Z"))
        .isEqualTo("2024-01-02 03:04:05.123000");
  }

  @Test
  void timeMayExceedADay() {
    assertThat(text(named(Schema.Type.INT64, "io.debezium.time.MicroTime"), 45296789000L))
        .isEqualTo("12:34:56.789000");
    assertThat(ValueEncoder.time(838L * 3600 * 1_000_000)).isEqualTo("838:00:00.000000");
    assertThat(ValueEncoder.time(-45296789000L)).isEqualTo("-12:34:56.789000");
  }

  @Test
  void zeroDatesKeepTheirZeroParts() {
    long zeroDay = ZeroDates.encode(0, 0, 0).toEpochDay();
    assertThat(text(named(Schema.Type.INT32, "io.debezium.time.Date"), (int) zeroDay))
        .isEqualTo("0000-00-00");
    long inDate = ZeroDates.encode(2020, 0, 15).atTime(10, 11, 12).toEpochSecond(ZoneOffset.UTC);
    assertThat(
            text(
                named(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"),
                inDate * 1_000_000 + 5))
        .isEqualTo("2020-00-15 10:11:12.000005");
    assertThat(text(named(Schema.Type.INT64, "io.debezium.time.Timestamp"), inDate * 1000))
        .isEqualTo("2020-00-15 10:11:12.000000");
  }

  @Test
  void yearZeroIsNotYearOne() {
    long day = java.time.LocalDate.of(0, 1, 1).toEpochDay();
    assertThat(text(named(Schema.Type.INT32, "io.debezium.time.Date"), (int) day))
        .isEqualTo("0000-01-01");
    Column year = Column.of("y", "year", "year", true);
    assertThat(ValueEncoder.encode(year, Schema.INT32_SCHEMA, BinlogTemporals.YEAR_ZERO))
        .asString()
        .isEqualTo("0000");
    assertThat(ValueEncoder.encode(year, Schema.INT32_SCHEMA, 2155)).asString().isEqualTo("2155");
  }

  @Test
  void theEpochsFirstSecondIsTimestampsZeroValue() {
    // no valid TIMESTAMP is before 1970-01-01 00:00:01 UTC: second 0 is '0000-00-00 00:00:00'
    assertThat(
            text(
                named(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"),
                "1970-01-01T00:00:00Z"))
        .isEqualTo("0000-00-00 00:00:00");
  }

  @Test
  void negativeTimesKeepTheirValue() {
    assertThat(text(named(Schema.Type.INT64, "io.debezium.time.MicroTime"), -44823000000L))
        .isEqualTo("-12:27:03.000000");
    assertThat(text(named(Schema.Type.INT64, "io.debezium.time.MicroTime"), -500_000L))
        .isEqualTo("-0:00:00.500000");
  }

  @Test
  void aBitOfOneIsOneByte() {
    assertThat(ValueEncoder.encode(BIT, Schema.BOOLEAN_SCHEMA, true)).containsExactly(1);
    assertThat(ValueEncoder.encode(BIT, Schema.BOOLEAN_SCHEMA, false)).containsExactly(0);
  }

  @Test
  void datesAndDecimalsKeepTheirExactValue() {
    assertThat(text(named(Schema.Type.INT32, "io.debezium.time.Date"), 19724))
        .isEqualTo("2024-01-02");
    assertThat(text(Decimal.schema(2), new BigDecimal("1E+3").setScale(2))).isEqualTo("1000.00");
  }

  @Test
  void bitsAreTurnedBigEndian() {
    byte[] encoded =
        ValueEncoder.encode(
            BIT, named(Schema.Type.BYTES, "io.debezium.data.Bits"), new byte[] {0x01, 0x02});
    assertThat(encoded).containsExactly(0x02, 0x01);
  }

  @Test
  void bytesComeFromTheBuffersRemainingPart() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 8, 7});
    buffer.get();
    assertThat(ValueEncoder.encode(BIT, Schema.BYTES_SCHEMA, buffer)).containsExactly(8, 7);
    assertThat(ValueEncoder.encode(TEXT, Schema.OPTIONAL_STRING_SCHEMA, null)).isNull();
    assertThat(text(Schema.BOOLEAN_SCHEMA, true)).isEqualTo("1");
    assertThat(text(Schema.STRING_SCHEMA, "😀")).isEqualTo("😀");
  }
}
