package io.ghostflink.operators.model;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in the source server's binlog: file and byte offset, optionally with the GTID set
 * executed up to there. Encoded as one monotone long ({@link #encoded()}) for watermarks and
 * applied points.
 */
public record BinlogPosition(String file, long offset, String gtidSet) implements Serializable {
  private static final Pattern FILE_INDEX = Pattern.compile("\\.(\\d+)$");

  public BinlogPosition {
    if (file == null || !FILE_INDEX.matcher(file).find()) {
      throw new IllegalArgumentException("not a binlog file name: " + file);
    }
    if (offset < 0 || offset > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("binlog offset out of range: " + offset);
    }
    gtidSet = gtidSet == null ? "" : gtidSet;
  }

  /** The binlog's file index in the high 32 bits and the offset in the low 32 bits. */
  public long encoded() {
    return encode(file, offset);
  }

  public static long encode(String file, long offset) {
    Matcher m = FILE_INDEX.matcher(file);
    if (!m.find()) {
      throw new IllegalArgumentException("not a binlog file name: " + file);
    }
    return (Long.parseLong(m.group(1)) << 32) | offset;
  }

  /** "binlog.000003:1234" style text of an encoded position, for logs and status. */
  public static String describe(long encoded) {
    if (encoded < 0) {
      return "none";
    }
    return String.format("%06d:%d", encoded >>> 32, encoded & 0xFFFF_FFFFL);
  }

  @Override
  public String toString() {
    return file + ":" + offset + (gtidSet.isEmpty() ? "" : " (" + gtidSet + ")");
  }
}
