package io.ghostflink.operators.source;

import io.ghostflink.operators.model.ColumnValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a value as Debezium delivers it (a Kafka Connect value with a logical type name) into the
 * job's one encoding ({@link ColumnValues}): text MySQL converts back to the column's type, or raw
 * bytes. Temporal values become UTC wall-clock text; the sink's session runs in UTC.
 */
public final class ValueEncoder {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private ValueEncoder() {}

  public static byte[] encode(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    String name = schema.name();
    if (name != null) {
      switch (name) {
        case "io.debezium.time.Date":
          return text(LocalDate.ofEpochDay(((Number) value).longValue()).toString());
        case "io.debezium.time.Timestamp":
          return text(fromEpoch(((Number) value).longValue() * 1_000L));
        case "io.debezium.time.MicroTimestamp":
          return text(fromEpoch(((Number) value).longValue()));
        case "io.debezium.time.NanoTimestamp":
          return text(fromEpoch(((Number) value).longValue() / 1_000L));
        case "io.debezium.time.ZonedTimestamp":
          return text(
              DATETIME.format(
                  OffsetDateTime.parse((String) value).withOffsetSameInstant(ZoneOffset.UTC)));
        case "io.debezium.time.Time":
          return text(time(nonNegative(((Number) value).longValue() * 1_000L)));
        case "io.debezium.time.MicroTime":
          return text(time(nonNegative(((Number) value).longValue())));
        case "io.debezium.time.NanoTime":
          return text(time(nonNegative(((Number) value).longValue() / 1_000L)));
        case "io.debezium.data.Bits":
          return reversed(bytes(value));
        case "io.debezium.data.geometry.Geometry":
        case "io.debezium.data.geometry.Point":
          return geometry((Struct) value);
        case "org.apache.kafka.connect.data.Decimal":
          return text(((BigDecimal) value).toPlainString());
        default:
          break;
      }
    }
    switch (schema.type()) {
      case BYTES:
        return bytes(value);
      case BOOLEAN:
        return text(((Boolean) value) ? "1" : "0");
      case STRING:
        return text((String) value);
      case FLOAT32:
      case FLOAT64:
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return text(value.toString());
      default:
        throw new IllegalArgumentException(
            "unsupported column value of type " + schema.type() + " (" + name + ")");
    }
  }

  private static byte[] text(String s) {
    return ColumnValues.text(s);
  }

  private static String fromEpoch(long micros) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    return DATETIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  /**
   * Refuses negative TIME values: Debezium 1.9 (the one Flink CDC 3.2 ships) decodes some of them
   * wrongly from the binlog (-12:27:00 arrives as -12:27:03, DBZ-7594, fixed in Debezium 2.6), and
   * the wrong value cannot be told apart from a right one. Failing is better than a silently
   * different row; preflight refuses tables that already hold negative TIME values.
   */
  static long nonNegative(long micros) {
    if (micros < 0) {
      throw new NegativeTimeException(
          "a negative TIME value arrived from the binlog; Debezium 1.9 cannot decode those exactly"
              + " (DBZ-7594), so ghostflink stops rather than write a wrong value");
    }
    return micros;
  }

  /** A negative TIME value in a binlog row: see {@link #nonNegative}. */
  public static final class NegativeTimeException extends IllegalStateException {
    NegativeTimeException(String message) {
      super(message);
    }
  }

  // MySQL TIME spans -838:59:59 to 838:59:59, so hours may exceed 24 and the value be negative.
  static String time(long micros) {
    String sign = micros < 0 ? "-" : "";
    long abs = Math.abs(micros);
    long fraction = abs % 1_000_000L;
    long seconds = abs / 1_000_000L;
    return String.format(
        "%s%d:%02d:%02d.%06d", sign, seconds / 3600, (seconds / 60) % 60, seconds % 60, fraction);
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer) {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    }
    return ((byte[]) value).clone();
  }

  // Debezium delivers BIT(n) little-endian; MySQL reads a binary string into BIT big-endian.
  private static byte[] reversed(byte[] b) {
    for (int i = 0, j = b.length - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
    return b;
  }

  // MySQL's internal geometry value: 4-byte little-endian SRID, then WKB.
  private static byte[] geometry(Struct value) {
    byte[] wkb = bytes(value.get("wkb"));
    Integer srid = value.getInt32("srid");
    ByteBuffer out = ByteBuffer.allocate(4 + wkb.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    out.putInt(srid == null ? 0 : srid);
    out.put(wkb);
    return out.array();
  }
}
