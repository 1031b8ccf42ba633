package io.ghostflink.operators.source;

import io.ghostflink.operators.model.Column;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;

/**
 * MySQL's latin1: Windows cp1252, with the five bytes cp1252 leaves undefined read as the Unicode
 * characters of the same number (0x81 is U+0081), as MySQL converts them. The binlog source hands a
 * latin1 column's value over as ISO-8859-1, one char per byte ({@code
 * MySqlConnection$CharsetMappingWrapper} in this module), and this reads the characters from it.
 */
public final class MysqlLatin1 {
  private static final char[] CHARS = table();

  private MysqlLatin1() {}

  /** Whether Debezium hands {@code column}'s values over one char per byte. */
  public static boolean carries(Column column) {
    return column.collated() && column.collation().toLowerCase(Locale.ROOT).startsWith("latin1_");
  }

  /** MySQL's characters of latin1 bytes given one char per byte. */
  public static String decode(String bytes) {
    char[] out = new char[bytes.length()];
    for (int i = 0; i < out.length; i++) {
      char b = bytes.charAt(i);
      if (b > 0xFF) {
        throw new IllegalArgumentException(
            "not a latin1 byte: U+" + Integer.toHexString(b) + " (a value decoded twice?)");
      }
      out[i] = CHARS[b];
    }
    return new String(out);
  }

  private static char[] table() {
    Charset cp1252 = Charset.forName("windows-1252");
    char[] chars = new char[256];
    for (int b = 0; b < 256; b++) {
      try {
        chars[b] =
            cp1252
                .newDecoder()
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(new byte[] {(byte) b}))
                .get();
      } catch (CharacterCodingException undefined) {
        chars[b] = (char) b; // 0x81, 0x8D, 0x8F, 0x90, 0x9D
      }
    }
    return chars;
  }
}
