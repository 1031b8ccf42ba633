package com.github.shyiko.mysql.binlog.event.deserialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GtidEventDataDeserializerTest {
  /** A GTID event's body as MySQL 8.0 writes it: flags, the server UUID, the number, then more. */
  private static byte[] body(String uuidHex, long gno) {
    byte[] sid = HexFormat.of().parseHex(uuidHex);
    byte[] body = new byte[1 + 16 + 8 + 17];
    body[0] = 1;
    System.arraycopy(sid, 0, body, 1, 16);
    for (int i = 0; i < 8; i++) {
      body[17 + i] = (byte) (gno >>> (8 * i));
    }
    body[25] = 0x02; // the logical clock's type code, which neither deserializer reads
    return body;
  }

  @Test
  void isGhostflinksAndNotTheLibrarys() throws Exception {
    assertThat(GtidEventDataDeserializer.class.getField("GHOSTFLINK").get(null)).isNotNull();
  }

  @Test
  void writesTheServerUuidAndNumberAsTheServerDoes() throws Exception {
    GtidEventData data =
        new GtidEventDataDeserializer()
            .deserialize(new ByteArrayInputStream(body("3e11fa4771ca11e19e33c80aa9429562", 23)));
    assertThat(data.getGtid()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:23");
    assertThat(data.getFlags()).isEqualTo((byte) 1);
  }

  @Test
  void keepsLeadingZerosAndHighBytesOfEveryGroup() throws Exception {
    GtidEventData data =
        new GtidEventDataDeserializer()
            .deserialize(
                new ByteArrayInputStream(body("00ff0a0b00000001f0e0d0c0b0a09080", 9_876_543_210L)));
    assertThat(data.getGtid()).isEqualTo("00ff0a0b-0000-0001-f0e0-d0c0b0a09080:9876543210");
  }

  @Test
  void writesTheSameTextAsTheLibrarysOwnClass() throws Exception {
    // the library's own class of this name, loaded from its jar past ghostflink's
    java.net.URL jar = GtidEventData.class.getProtectionDomain().getCodeSource().getLocation();
    try (java.net.URLClassLoader library =
        new java.net.URLClassLoader(
            new java.net.URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
      Object theirs =
          library
              .loadClass(GtidEventDataDeserializer.class.getName())
              .getConstructor()
              .newInstance();
      assertThat(theirs.getClass().getFields()).noneMatch(f -> f.getName().equals("GHOSTFLINK"));
      Class<?> stream = library.loadClass(ByteArrayInputStream.class.getName());
      java.lang.reflect.Method deserialize = theirs.getClass().getMethod("deserialize", stream);
      java.util.Random random = new java.util.Random(16);
      for (int i = 0; i < 1000; i++) {
        byte[] sid = new byte[16];
        random.nextBytes(sid);
        long gno = i < 10 ? i + 1 : random.nextLong() & Long.MAX_VALUE;
        byte[] body = body(HexFormat.of().formatHex(sid), gno);
        Object data =
            deserialize.invoke(
                theirs, stream.getConstructor(byte[].class).newInstance((Object) body));
        String expected = (String) data.getClass().getMethod("getGtid").invoke(data);
        assertThat(
                new GtidEventDataDeserializer()
                    .deserialize(new ByteArrayInputStream(body))
                    .getGtid())
            .isEqualTo(expected);
      }
    }
  }
}
