package io.debezium.connector.mysql;

/**
 * ghostflink's replacement for the class of this name inside Debezium's {@code MySqlConnection}
 * (Flink CDC ships its own copy of it): which Java charset Debezium decodes a character column's
 * binlog bytes with. ghostflink carries the values of every character set but utf8mb4 and utf8mb3
 * as the bytes MySQL stores ({@code Column#carriedAsBytes}): Java's tables for them differ from
 * MySQL's, and MySQL's own conversion of some bytes to Unicode is lossy. So this answers
 * ISO-8859-1, whose chars are the bytes themselves, which {@code ValueEncoder} takes back; for
 * utf8mb4 and utf8mb3 it keeps Connector/J's mapping (UTF-8), as Debezium's class does. Like {@code
 * RowDeserializers}, it must come before Debezium and Flink CDC on the class path; {@code
 * BinlogDecoding.requireExact()} checks it at job start.
 */
final class MySqlConnection$CharsetMappingWrapper extends com.mysql.cj.CharsetMapping {
  /** Read by {@code BinlogDecoding} to tell this class from Debezium's. */
  public static final String GHOSTFLINK = "bytes of every character set but UTF-8's";

  private MySqlConnection$CharsetMappingWrapper() {}

  static String getJavaEncodingForMysqlCharSet(String mySqlCharsetName) {
    if (mySqlCharsetName != null && !unicode(mySqlCharsetName)) {
      return "ISO-8859-1";
    }
    return com.mysql.cj.CharsetMapping.getStaticJavaEncodingForMysqlCharset(mySqlCharsetName);
  }

  private static boolean unicode(String charset) {
    return charset.equalsIgnoreCase("utf8mb4")
        || charset.equalsIgnoreCase("utf8mb3")
        || charset.equalsIgnoreCase("utf8");
  }
}
