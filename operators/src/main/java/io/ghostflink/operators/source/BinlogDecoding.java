package io.ghostflink.operators.source;

/**
 * Checks that the binlog's row cells are decoded by ghostflink's {@code RowDeserializers} and
 * {@code MySqlConnection$CharsetMappingWrapper}, not by Debezium's classes of the same names, which
 * a class path in the wrong order would pick, silently turning zero dates into NULL.
 */
public final class BinlogDecoding {
  private static final String CLASS = "io.debezium.connector.mysql.RowDeserializers";
  private static final String CHARSETS =
      "io.debezium.connector.mysql.MySqlConnection$CharsetMappingWrapper";

  private BinlogDecoding() {}

  /**
   * @throws IllegalStateException when Debezium's own decoding would be used
   */
  public static void requireExact() {
    require(CLASS, "zero dates and negative TIME values would be decoded wrongly");
    require(
        CHARSETS,
        "values of character sets other than utf8mb4 and utf8mb3 would be decoded by Java's"
            + " tables, which differ from MySQL's");
  }

  private static void require(String name, String otherwise) {
    try {
      Class.forName(name, false, BinlogDecoding.class.getClassLoader()).getField("GHOSTFLINK");
    } catch (ClassNotFoundException | NoSuchFieldException e) {
      throw new IllegalStateException(
          name
              + " is Debezium's, not ghostflink's: put ghostflink-operators before"
              + " debezium-connector-mysql and flink-connector-mysql-cdc on the class path ("
              + otherwise
              + ")");
    }
  }
}
