package io.ghostflink.operators.source;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Turns a value as Debezium delivers it (a Kafka Connect value with a logical type name) into the
 * job's one encoding ({@link ColumnValues}): text MySQL converts back to the column's type, or raw
 * bytes. Temporal values become UTC wall-clock text (the sink's session runs in UTC), with MySQL's
 * zero dates restored ({@link ZeroDates}; TIMESTAMP's zero is the epoch's second 0, which no valid
 * TIMESTAMP has), and ENUM and SET values named as the table names its members ({@link
 * EnumMembers}).
 */
public final class ValueEncoder {
  private ValueEncoder() {}

  /** The value of {@code column} that Debezium delivers with {@code schema}. */
  public static byte[] encode(
      Column column, org.apache.kafka.connect.data.Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    if (column.dataType().equals("year")) {
      // as four digits: MySQL reads the text "0" as the year 2000
      int year = ((Number) value).intValue();
      return text(String.format("%04d", year == BinlogTemporals.YEAR_ZERO ? 0 : year));
    }
    String name = schema.name();
    if (name != null) {
      switch (name) {
        case "io.debezium.time.Date":
          return text(ZeroDates.text(LocalDate.ofEpochDay(((Number) value).longValue())));
        case "io.debezium.time.Timestamp":
          return text(fromEpoch(((Number) value).longValue() * 1_000L));
        case "io.debezium.time.MicroTimestamp":
          return text(fromEpoch(((Number) value).longValue()));
        case "io.debezium.time.NanoTimestamp":
          return text(fromEpoch(((Number) value).longValue() / 1_000L));
        case "io.debezium.time.ZonedTimestamp":
          return text(zoned((String) value));
        case "io.debezium.time.Time":
          return text(time(((Number) value).longValue() * 1_000L));
        case "io.debezium.time.MicroTime":
          return text(time(((Number) value).longValue()));
        case "io.debezium.time.NanoTime":
          return text(time(((Number) value).longValue() / 1_000L));
        case "io.debezium.data.Bits":
          return reversed(bytes(value));
        case "io.debezium.data.geometry.Geometry":
        case "io.debezium.data.geometry.Point":
          return geometry((org.apache.kafka.connect.data.Struct) value);
        case "io.debezium.data.Enum":
          return text(EnumMembers.member(column, (String) value));
        case "io.debezium.data.EnumSet":
          return text(EnumMembers.setMembers(column, (String) value));
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
        // BIT(1) arrives as a boolean: bound as bytes, so one byte 0 or 1
        boolean bit = (Boolean) value;
        return column.binary() ? new byte[] {(byte) (bit ? 1 : 0)} : text(bit ? "1" : "0");
      case STRING:
        // a value carried as bytes comes one char per byte (MySqlConnection$CharsetMappingWrapper)
        return column.carriedAsBytes() ? bytesOf((String) value) : text((String) value);
      case FLOAT32:
      case FLOAT64:
        if (column.dataType().equals("float")) {
          // the FLOAT's exact value as a DOUBLE's text (0.1428571492433548, not Java's shortest
          // 0.14285715): MySQL reads text as a DOUBLE, and a FLOAT made a DOUBLE or DECIMAL must
          // get the FLOAT's value, as from MySQL's ALTER; written into a FLOAT it is the same FLOAT
          return text(Double.toString(((Number) value).floatValue()));
        }
        return text(value.toString());
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return text(value.toString());
      default:
        throw new IllegalArgumentException(
            "unsupported value of column "
                + column.name()
                + ": "
                + schema.type()
                + " ("
                + name
                + ")");
    }
  }

  // the bytes of a value decoded as ISO-8859-1, one char per byte
  static byte[] bytesOf(String chars) {
    byte[] bytes = new byte[chars.length()];
    for (int i = 0; i < bytes.length; i++) {
      char b = chars.charAt(i);
      if (b > 0xFF) {
        throw new IllegalArgumentException(
            "not a byte: U+" + Integer.toHexString(b) + " (a value decoded by another charset?)");
      }
      bytes[i] = (byte) b;
    }
    return bytes;
  }

  private static byte[] text(String s) {
    return ColumnValues.text(s);
  }

  static String fromEpoch(long micros) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    return dateTime(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  static String zoned(String iso) {
    OffsetDateTime t = OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC);
    if (t.toEpochSecond() == 0 && t.getNano() == 0) {
      return "0000-00-00 00:00:00"; // TIMESTAMP's zero value
    }
    return dateTime(t.toLocalDateTime());
  }

  private static String dateTime(LocalDateTime t) {
    return String.format(
        "%s %02d:%02d:%02d.%06d",
        ZeroDates.text(t.toLocalDate()),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        t.getNano() / 1_000);
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
  private static byte[] geometry(org.apache.kafka.connect.data.Struct value) {
    byte[] wkb = bytes(value.get("wkb"));
    Integer srid = value.getInt32("srid");
    ByteBuffer out = ByteBuffer.allocate(4 + wkb.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    out.putInt(srid == null ? 0 : srid);
    out.put(wkb);
    return out.array();
  }
}
