package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.ColumnValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ValueEncoderTest {

  private static String text(Schema schema, Object value) {
    return ColumnValues.asText(ValueEncoder.encode(schema, value));
  }

  private static Schema named(Schema.Type type, String name) {
    return new SchemaBuilder(type).name(name).build();
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
  void negativeTimeFromTheBinlogIsRefusedNotGuessed() {
    // Debezium 1.9 delivers -12:27:00 as -12:27:03 (DBZ-7594): no value can be trusted
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> text(named(Schema.Type.INT64, "io.debezium.time.MicroTime"), -44823000000L))
        .isInstanceOf(ValueEncoder.NegativeTimeException.class)
        .hasMessageContaining("DBZ-7594");
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
            named(Schema.Type.BYTES, "io.debezium.data.Bits"), new byte[] {0x01, 0x02});
    assertThat(encoded).containsExactly(0x02, 0x01);
  }

  @Test
  void bytesComeFromTheBuffersRemainingPart() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 8, 7});
    buffer.get();
    assertThat(ValueEncoder.encode(Schema.BYTES_SCHEMA, buffer)).containsExactly(8, 7);
    assertThat(ValueEncoder.encode(Schema.OPTIONAL_STRING_SCHEMA, null)).isNull();
    assertThat(text(Schema.BOOLEAN_SCHEMA, true)).isEqualTo("1");
    assertThat(text(Schema.STRING_SCHEMA, "😀")).isEqualTo("😀");
  }
}
