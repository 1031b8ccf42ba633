package io.ghostflink.operators.source;

/**
 * Checks that the binlog's row cells are decoded by ghostflink's {@code RowDeserializers} and not
 * by Debezium's class of the same name, which a class path in the wrong order would pick, silently
 * turning zero dates into NULL.
 */
public final class BinlogDecoding {
  private static final String CLASS = "io.debezium.connector.mysql.RowDeserializers";

  private BinlogDecoding() {}

  /**
   * @throws IllegalStateException when Debezium's own decoding would be used
   */
  public static void requireExact() {
    try {
      Class.forName(CLASS, false, BinlogDecoding.class.getClassLoader()).getField("GHOSTFLINK");
    } catch (ClassNotFoundException | NoSuchFieldException e) {
      throw new IllegalStateException(
          CLASS
              + " is Debezium's, not ghostflink's: put ghostflink-operators before"
              + " debezium-connector-mysql on the class path (zero dates and negative TIME values"
              + " would be decoded wrongly)");
    }
  }
}
