package io.debezium.connector.mysql;

/**
 * ghostflink's replacement for the class of this name inside Debezium's {@code MySqlConnection}
 * (Flink CDC ships its own copy of it): which Java charset Debezium decodes a character column's
 * binlog bytes with. MySQL's latin1 is cp1252 with the five bytes cp1252 leaves undefined (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D) mapped to U+0081, U+008D, U+008F, U+0090 and U+009D; Java's windows-1252
 * decodes those five as U+FFFD, so a latin1 value holding one (UTF-8 text stored in latin1 columns
 * holds many: the closing quote is E2 80 9D) arrived as another value, which the ghost table
 * refused. For latin1 this answers ISO-8859-1, whose chars are the bytes themselves, and {@code
 * ValueEncoder} reads MySQL's characters from them ({@code MysqlLatin1}). Every other character set
 * keeps Connector/J's mapping, as Debezium's class does. Like {@code RowDeserializers}, it must
 * come before Debezium and Flink CDC on the class path; {@code BinlogDecoding.requireExact()}
 * checks it at job start.
 */
final class MySqlConnection$CharsetMappingWrapper extends com.mysql.cj.CharsetMapping {
  /** Read by {@code BinlogDecoding} to tell this class from Debezium's. */
  public static final String GHOSTFLINK = "latin1 byte for byte";

  private MySqlConnection$CharsetMappingWrapper() {}

  static String getJavaEncodingForMysqlCharSet(String mySqlCharsetName) {
    if ("latin1".equalsIgnoreCase(mySqlCharsetName)) {
      return "ISO-8859-1";
    }
    return com.mysql.cj.CharsetMapping.getStaticJavaEncodingForMysqlCharset(mySqlCharsetName);
  }
}
