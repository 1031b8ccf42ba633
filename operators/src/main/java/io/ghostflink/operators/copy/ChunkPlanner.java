package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.sql.KeyRanges;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where each copy chunk ends, along the key index of the original: the key of the row a
 * chunk's worth of rows after the last chunk's end. Reads only, each in its own short transaction.
 * (Not final: the planner's tests give bounds of their own.)
 */
class ChunkPlanner implements AutoCloseable {
  private final CopySpec spec;
  private final List<Column> keyColumns;
  private Connection connection;

  ChunkPlanner(CopySpec spec) {
    this.spec = spec;
    this.keyColumns = spec.schema().keyColumnList();
  }

  void open() throws SQLException {
    connection = Connections.open(spec.source(), spec.original().database());
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
  }

  /**
   * The key of the last row of the {@code rows}-row chunk that starts after {@code lower}, up to
   * {@code upper} (null: the table's end), or empty when fewer rows remain (the chunk then ends at
   * {@code upper}).
   */
  Optional<byte[][]> nextUpperBound(byte[][] lower, byte[][] upper, int rows) throws SQLException {
    String sql =
        KeyRanges.nextBoundary(
            spec.original(), spec.schema().keyName(), keyColumns, lower != null, upper != null);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p =
          KeyRanges.bindBound(ps, KeyRanges.bindBound(ps, 1, lower, keyColumns), upper, keyColumns);
      ps.setInt(p, rows - 1);
      return readKey(ps);
    } finally {
      connection.commit(); // no read view held open between chunks: it would hold back purge
    }
  }

  /**
   * Where {@code lanes} lanes of the copy begin, each after the key before it (the first lane
   * begins at the table's start): keys at even steps of the key's first column between its smallest
   * and largest value. Empty (one lane) unless that column is an integer: other types have no
   * middle MySQL can find without reading the rows before it.
   */
  List<byte[][]> laneStarts(int lanes) throws SQLException {
    List<byte[][]> starts = new ArrayList<>();
    if (lanes < 2 || !keyColumns.get(0).integer()) {
      return starts;
    }
    try {
      BigInteger[] ends = firstColumnEnds();
      if (ends == null) {
        return starts; // empty table
      }
      BigInteger span = ends[1].subtract(ends[0]);
      for (int i = 1; i < lanes; i++) {
        BigInteger at =
            ends[0].add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(lanes)));
        Optional<byte[][]> key =
            firstKeyFrom(at, starts.isEmpty() ? null : starts.get(starts.size() - 1), null);
        key.ifPresent(starts::add);
      }
      return starts;
    } finally {
      connection.commit();
    }
  }

  /**
   * A key inside the lane after {@code lower} up to {@code upper} (null bounds: the table's ends),
   * about halfway along the key's first column, where a second reader can start a lane of its own;
   * empty when there is none (not an integer key, or too narrow a range).
   */
  Optional<byte[][]> splitPoint(byte[][] lower, byte[][] upper) throws SQLException {
    if (!keyColumns.get(0).integer()
        || (lower != null && lower[0] == null)
        || (upper != null && upper[0] == null)) {
      return Optional.empty();
    }
    try {
      BigInteger[] ends = lower == null || upper == null ? firstColumnEnds() : null;
      if ((lower == null || upper == null) && ends == null) {
        return Optional.empty();
      }
      BigInteger from = lower == null ? ends[0] : number(lower[0]);
      BigInteger to = upper == null ? ends[1] : number(upper[0]);
      BigInteger middle = from.add(to.subtract(from).shiftRight(1));
      if (middle.compareTo(from) <= 0) {
        return Optional.empty();
      }
      Optional<byte[][]> key = firstKeyFrom(middle, lower, upper);
      // a split at the lane's last key would leave the new lane nothing
      return key.filter(k -> upper == null || !java.util.Arrays.deepEquals(k, upper));
    } finally {
      connection.commit();
    }
  }

  // the smallest and largest value of the key's first column, or null for an empty table
  private BigInteger[] firstColumnEnds() throws SQLException {
    try (PreparedStatement ps =
            connection.prepareStatement(
                KeyRanges.firstColumnEnds(spec.original(), spec.schema().keyName(), keyColumns));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next() || rs.getString(1) == null) {
        return null;
      }
      return new BigInteger[] {new BigInteger(rs.getString(1)), new BigInteger(rs.getString(2))};
    }
  }

  // the first key whose first column is at least {@code at}, after lower and up to upper
  private Optional<byte[][]> firstKeyFrom(BigInteger at, byte[][] lower, byte[][] upper)
      throws SQLException {
    String sql =
        KeyRanges.firstKeyFrom(
            spec.original(), spec.schema().keyName(), keyColumns, lower != null, upper != null);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setBigDecimal(1, new java.math.BigDecimal(at));
      KeyRanges.bindBound(ps, KeyRanges.bindBound(ps, 2, lower, keyColumns), upper, keyColumns);
      return readKey(ps);
    }
  }

  private Optional<byte[][]> readKey(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(ColumnValues.readKey(rs, 1, keyColumns)) : Optional.empty();
    }
  }

  private static BigInteger number(byte[] text) {
    return new BigInteger(new String(text, java.nio.charset.StandardCharsets.US_ASCII).trim());
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection);
  }
}
