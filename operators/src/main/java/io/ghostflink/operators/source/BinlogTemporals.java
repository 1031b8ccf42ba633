package io.ghostflink.operators.source;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Decodes the temporal and string cells of binlog row events exactly as MySQL stored them, in the
 * value types Debezium's converters take. It replaces Debezium 1.9's decoding (see {@code
 * io.debezium.connector.mysql.RowDeserializers} in this module), which turns a date with a zero
 * part into NULL or the epoch, the year 0000 into 1900, and some negative TIME values into other
 * values (DBZ-7594). The formats are MySQL's ({@code my_time.cc}: {@code
 * TIME_from_longlong_*_packed}).
 */
public final class BinlogTemporals {
  private static final long DATETIMEF_INT_OFS = 0x8000000000L;
  private static final long TIMEF_INT_OFS = 0x800000L;
  private static final long TIMEF_OFS = 0x800000000000L;

  private BinlogTemporals() {}

  /** DATE: 3 bytes little-endian, day in bits 0-4, month in 5-8, year above. */
  public static Serializable date(ByteArrayInputStream in) throws IOException {
    int v = in.readInteger(3);
    return ZeroDates.encode(v >>> 9, (v >>> 5) & 15, v & 31);
  }

  /** DATETIME before MySQL 5.6.4: 8 bytes little-endian, the digits YYYYMMDDhhmmss. */
  public static Serializable datetime(ByteArrayInputStream in) throws IOException {
    long v = in.readLong(8);
    int second = (int) (v % 100);
    int minute = (int) (v / 100 % 100);
    int hour = (int) (v / 10_000 % 100);
    int day = (int) (v / 1_000_000 % 100);
    int month = (int) (v / 100_000_000 % 100);
    int year = (int) (v / 10_000_000_000L);
    return ZeroDates.encode(year, month, day).atTime(hour, minute, second);
  }

  /** DATETIME(fsp): 5 bytes big-endian (year*13+month, day, hour, minute, second), fraction. */
  public static Serializable datetimeV2(int fsp, ByteArrayInputStream in) throws IOException {
    long ymdhms = bigEndian(in.read(5)) - DATETIMEF_INT_OFS;
    int micros = fraction(fsp, in);
    long ymd = ymdhms >>> 17;
    long ym = ymd >>> 5;
    long hms = ymdhms & 0x1FFFF;
    return ZeroDates.encode((int) (ym / 13), (int) (ym % 13), (int) (ymd & 31))
        .atTime((int) (hms >>> 12), (int) ((hms >>> 6) & 63), (int) (hms & 63), micros * 1000);
  }

  /** TIME before MySQL 5.6.4: 3 bytes little-endian, signed, the digits hhmmss. */
  public static Serializable time(ByteArrayInputStream in) throws IOException {
    int v = in.readInteger(3);
    if ((v & 0x800000) != 0) {
      v |= 0xFF000000; // sign-extend 24 bits
    }
    int abs = Math.abs(v);
    Duration d = Duration.ofSeconds(abs / 10_000 * 3600L + abs / 100 % 100 * 60L + abs % 100);
    return v < 0 ? d.negated() : d;
  }

  /**
   * TIME(fsp): a packed signed value, (hour << 12 | minute << 6 | second) << 24 plus microseconds,
   * offset to be unsigned; negative values store their fraction reversed.
   */
  public static Serializable timeV2(int fsp, ByteArrayInputStream in) throws IOException {
    long packed;
    if (fsp >= 5) {
      packed = bigEndian(in.read(6)) - TIMEF_OFS;
    } else {
      long intPart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
      long frac = 0;
      long unit = 0;
      if (fsp == 1 || fsp == 2) {
        frac = in.read() & 0xFF;
        unit = 0x100;
        if (intPart < 0 && frac != 0) {
          intPart++;
          frac -= unit;
        }
        frac *= 10_000;
      } else if (fsp == 3 || fsp == 4) {
        frac = bigEndian(in.read(2));
        unit = 0x10000;
        if (intPart < 0 && frac != 0) {
          intPart++;
          frac -= unit;
        }
        frac *= 100;
      }
      packed = (intPart << 24) + frac;
    }
    boolean negative = packed < 0;
    long abs = Math.abs(packed);
    long hms = abs >> 24;
    long micros = abs & 0xFFFFFF;
    long seconds = ((hms >> 12) & 1023) * 3600 + ((hms >> 6) & 63) * 60 + (hms & 63);
    Duration d = Duration.ofSeconds(seconds).plusNanos(micros * 1000);
    return negative ? d.negated() : d;
  }

  /** TIMESTAMP before MySQL 5.6.4: 4 bytes little-endian seconds since the epoch (0: zero). */
  public static Serializable timestamp(ByteArrayInputStream in) throws IOException {
    return ZonedDateTime.ofInstant(Instant.ofEpochSecond(in.readLong(4)), ZoneOffset.UTC);
  }

  /** TIMESTAMP(fsp): 4 bytes big-endian seconds since the epoch (0: zero), then the fraction. */
  public static Serializable timestampV2(int fsp, ByteArrayInputStream in) throws IOException {
    long seconds = bigEndian(in.read(4));
    int micros = fraction(fsp, in);
    return ZonedDateTime.ofInstant(Instant.ofEpochSecond(seconds, micros * 1000L), ZoneOffset.UTC);
  }

  /**
   * YEAR: one byte, 0 for the year 0000, else the year minus 1900. Debezium's YEAR converter
   * applies a two-digit-year rule to every value (0 to 69 become 2000 to 2069), so the year 0000
   * travels as {@link #YEAR_ZERO}, which the rule leaves alone.
   */
  public static Serializable year(ByteArrayInputStream in) throws IOException {
    int v = in.readInteger(1);
    return Year.of(v == 0 ? YEAR_ZERO : 1900 + v);
  }

  /** How the year 0000 travels through Debezium (see {@link #year}). */
  public static final int YEAR_ZERO = -1;

  /** CHAR/BINARY: a length (one byte below 256 bytes of room, else two), then the raw bytes. */
  public static Serializable string(int length, ByteArrayInputStream in) throws IOException {
    return in.read(length < 256 ? in.readInteger(1) : in.readInteger(2));
  }

  /** VARCHAR/VARBINARY: as {@link #string}, the room being the column's metadata. */
  public static Serializable varString(int meta, ByteArrayInputStream in) throws IOException {
    return in.read(meta < 256 ? in.readInteger(1) : in.readInteger(2));
  }

  // the fraction of DATETIME2/TIMESTAMP2: (fsp + 1) / 2 bytes big-endian, scaled to microseconds
  private static int fraction(int fsp, ByteArrayInputStream in) throws IOException {
    int bytes = (fsp + 1) / 2;
    if (bytes == 0) {
      return 0;
    }
    int v = (int) bigEndian(in.read(bytes));
    return switch (bytes) {
      case 1 -> v * 10_000;
      case 2 -> v * 100;
      default -> v;
    };
  }

  private static long bigEndian(byte[] bytes) {
    long v = 0;
    for (byte b : bytes) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }
}
