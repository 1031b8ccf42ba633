package io.ghostflink.operators.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.function.ToLongFunction;

/**
 * How many bytes of values one multi-row statement of a session may carry: a quarter of the
 * session's {@code max_allowed_packet}, at most {@value #MAX_BYTES} bytes. Connector/J sends the
 * values inside the statement's text, escaped, and a quote, a backslash or a zero byte takes two
 * bytes there; the other half leaves room for the statement around them. A statement over the
 * packet is refused whole ("Packet for query is too large"), so rows of a few hundred kilobytes
 * failed the copy and the apply at their fixed row counts.
 *
 * @param bytes the most value bytes of one statement, unless a single row alone is more
 */
public record PacketBudget(long bytes) {
  /**
   * The most bytes whatever the packet: a statement of 16 MB already takes the server a while to
   * parse, and the stream copy holds a few of them per reader.
   */
  public static final long MAX_BYTES = 16L << 20;

  /** What one value costs beside its bytes: quotes, a comma, a charset introducer. */
  private static final long PER_VALUE = 12;

  public PacketBudget {
    if (bytes < 1) {
      throw new IllegalArgumentException("a packet budget must be at least one byte");
    }
  }

  /** The budget of statements on {@code c}. */
  public static PacketBudget of(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@SESSION.max_allowed_packet")) {
      rs.next();
      return new PacketBudget(Math.max(1, Math.min(MAX_BYTES, rs.getLong(1) / 4)));
    }
  }

  /** The bytes a row's values take in a statement, escapes aside. */
  public static long size(byte[][] values) {
    long n = 0;
    for (byte[] v : values) {
      n += PER_VALUE + (v == null ? 0 : v.length);
    }
    return n;
  }

  /**
   * Where the statement that starts at row {@code from} of {@code count} rows ends (exclusive): at
   * most {@code maxRows} rows, and no more bytes ({@code sizeOf}) than the budget unless its first
   * row alone is more.
   */
  public int end(int from, int count, int maxRows, IntToLongFunction sizeOf) {
    int end = from;
    long total = 0;
    while (end < count && end - from < maxRows) {
      total += sizeOf.applyAsLong(end);
      if (total > bytes && end > from) {
        break;
      }
      end++;
    }
    return end;
  }

  /**
   * Statements' worth of rows a copy holds before it writes them while it still reads: a range of
   * rows of megabytes stays out of memory.
   */
  public static final int BUFFERED_STATEMENTS = 4;

  /** Whether rows of {@code bytes} should be written before more are read. */
  public boolean full(long bytes) {
    return bytes > BUFFERED_STATEMENTS * this.bytes;
  }

  /** One multi-row statement: writes {@code rows}, returns what it counts. */
  @FunctionalInterface
  public interface Statement<T> {
    long write(List<T> rows) throws SQLException;
  }

  /**
   * Writes {@code rows} in statements of at most {@code maxRows} rows and the budget; returns the
   * sum of what they count.
   */
  public <T> long writeAll(
      List<T> rows, int maxRows, ToLongFunction<T> sizeOf, Statement<T> statement)
      throws SQLException {
    long n = 0;
    for (int from = 0, to; from < rows.size(); from = to) {
      to = end(from, rows.size(), maxRows, i -> sizeOf.applyAsLong(rows.get(i)));
      n += statement.write(rows.subList(from, to));
    }
    return n;
  }
}
