package com.github.shyiko.mysql.binlog.event.deserialization;

import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * ghostflink's replacement for mysql-binlog-connector-java 0.27's class of this name, which its
 * {@code EventDeserializer} registers for every GTID event: the same text ({@code
 * 3e11fa47-71ca-11e1-9e33-c80aa9429562:23}) written without {@code String.format}. The library
 * formats each of the server UUID's 16 bytes and the transaction number with it, 17 calls per
 * transaction in the binlog; at 600 writer transactions a second, with the apply's and the copy's
 * own, that was 5% of the job's CPU (docs/benchmarks.md, session 16). Like {@code
 * RowDeserializers}, it must come before the library on the class path; {@link #GHOSTFLINK} tells
 * it from the library's, and a wrong order only costs that CPU.
 */
public class GtidEventDataDeserializer implements EventDataDeserializer<GtidEventData> {
  /** Read by a test to tell this class from the library's. */
  public static final String GHOSTFLINK = "formats without String.format";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  @Override
  public GtidEventData deserialize(ByteArrayInputStream inputStream) throws IOException {
    GtidEventData data = new GtidEventData();
    data.setFlags((byte) inputStream.readInteger(1));
    byte[] sid = inputStream.read(16);
    long gno = inputStream.readLong(8);
    data.setGtid(uuid(sid) + ':' + gno);
    return data;
  }

  /** The 16 bytes as the server writes a UUID: lower-case hex in groups of 8, 4, 4, 4 and 12. */
  static String uuid(byte[] sid) {
    StringBuilder text = new StringBuilder(36);
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        text.append('-');
      }
      text.append(HEX[(sid[i] >> 4) & 0xf]).append(HEX[sid[i] & 0xf]);
    }
    return text.toString();
  }
}
