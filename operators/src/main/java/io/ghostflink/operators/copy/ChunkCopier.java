package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.KeyRanges;
import io.ghostflink.operators.sql.RecheckSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain JDBC work of the server-side copy: finds where the next chunk ends along the key index, and
 * has MySQL copy one chunk into the ghost table. Deadlocks and lock-wait timeouts with the binlog
 * apply are retried; the copy never overwrites, so re-running a chunk is harmless.
 */
public final class ChunkCopier implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChunkCopier.class);
  private static final int MAX_ATTEMPTS = 30;

  private final CopySpec spec;
  private final List<String> keyNames;
  private final List<Column> keyColumns;
  private final CopyRange lowerOnly;
  private final CopyRange both;
  private final CopyRange upperOnly;
  private final CopyRange all;
  private Connection connection;

  public ChunkCopier(CopySpec spec) {
    this.spec = spec;
    this.keyColumns = spec.schema().keyColumnList();
    this.keyNames = new ArrayList<>();
    keyColumns.forEach(c -> keyNames.add(c.name()));
    List<String> sourceColumns = new ArrayList<>();
    for (int i : spec.mapping().sourceColumns()) {
      sourceColumns.add(spec.schema().columns().get(i).name());
    }
    this.lowerOnly = range(sourceColumns, true, false);
    this.both = range(sourceColumns, true, true);
    this.upperOnly = range(sourceColumns, false, true);
    this.all = range(sourceColumns, false, false);
  }

  private CopyRange range(List<String> sourceColumns, boolean lower, boolean upper) {
    return new CopyRange(
        spec.original(),
        spec.ghost(),
        sourceColumns,
        spec.mapping().ghostColumns(),
        spec.schema().keyName(),
        keyNames,
        lower,
        upper);
  }

  public void open() throws SQLException {
    connection = Connections.open(spec.server(), spec.original().database());
    connection.setAutoCommit(false);
  }

  /**
   * The key of the last row of the chunk that starts after {@code lower}, or empty when fewer than
   * a chunk's rows remain (the chunk is then open-ended).
   */
  public Optional<byte[][]> nextUpperBound(byte[][] lower) throws SQLException {
    String sql =
        KeyRanges.nextBoundary(spec.original(), spec.schema().keyName(), keyNames, lower != null);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int p = bindBound(ps, 1, lower);
      ps.setInt(p, spec.chunkSize() - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(ColumnValues.readKey(rs, 1, keyColumns));
      }
    } finally {
      connection.commit(); // no read view held open between chunks: it would hold back purge
    }
  }

  /**
   * Copies one chunk; returns the rows it inserted (rows already in the ghost table are kept).
   *
   * @throws RowRefusedException a row of the chunk the new definition cannot hold as it is
   */
  public long copy(Chunk chunk) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        long rows = copyRange(chunk.lower(), chunk.upper(), spec.chunkSize(), false);
        connection.commit();
        return rows;
      } catch (SQLException e) {
        rollbackQuietly();
        boolean lost = MysqlErrors.isConnectionLost(e);
        if (attempt >= MAX_ATTEMPTS || !(lost || MysqlErrors.isRetryable(e))) {
          throw e;
        }
        if (lost) {
          close();
          open();
        }
      }
    }
  }

  /**
   * Copies the keys after {@code lower} up to {@code upper} in one statement, in the chunk's
   * transaction. When the server kept fewer warnings than the statement raised (a user without
   * SESSION_VARIABLES_ADMIN keeps 1024), the statement is undone and the range copied again in
   * parts, so that no warning goes unread.
   */
  private long copyRange(byte[][] lower, byte[][] upper, int rows, boolean part)
      throws SQLException {
    CopyRange range = rangeOf(lower, upper);
    // a chunk's first statement is its transaction's only one: undone by a rollback; parts need
    // a savepoint to undo one without the parts before it
    Savepoint before = part ? connection.setSavepoint() : null;
    try (PreparedStatement ps = connection.prepareStatement(GhostDml.copyRange(range))) {
      bindBound(ps, bindBound(ps, 1, lower), upper);
      long copied = ps.executeUpdate();
      Warnings.Seen seen = Warnings.of(connection, ps);
      if (!seen.complete() && rows > 1) {
        undo(before);
        return copyInParts(lower, upper, Math.max(1, rows / 16));
      }
      boolean keptOut = false;
      for (Warnings.Warning w : seen.warnings()) {
        GhostKey.Conflict conflict =
            w.duplicateKey() == null
                ? GhostKey.Conflict.UNKNOWN
                : spec.ghostKey().conflictOn(w.duplicateKey());
        if (conflict == GhostKey.Conflict.UNKNOWN) {
          if (w.row().isEmpty() && rows > 1) {
            // the warning does not say which row: find it in ever smaller parts
            undo(before);
            return copyInParts(lower, upper, Math.max(1, rows / 16));
          }
          connection.rollback();
          throw refused(lower, upper, range, w, rows);
        }
        keptOut |= conflict == GhostKey.Conflict.RISKY;
      }
      if (keptOut) {
        listKeptOut(lower, upper);
      }
      return copied;
    }
  }

  private void undo(Savepoint before) throws SQLException {
    if (before == null) {
      connection.rollback();
    } else {
      connection.rollback(before);
    }
  }

  private long copyInParts(byte[][] lower, byte[][] upper, int step) throws SQLException {
    long copied = 0;
    byte[][] from = lower;
    while (true) {
      Optional<byte[][]> to = keyAt(rangeOf(from, upper), from, upper, step);
      copied += copyRange(from, to.orElse(upper), step, true);
      if (to.isEmpty()) {
        return copied;
      }
      from = to.get();
    }
  }

  /** The key of row {@code n} (1-based) of a range, or empty when the range has fewer rows. */
  private Optional<byte[][]> keyAt(CopyRange range, byte[][] lower, byte[][] upper, int n)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(GhostDml.keyAt(range))) {
      int p = bindBound(ps, bindBound(ps, 1, lower), upper);
      ps.setInt(p, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(ColumnValues.readKey(rs, 1, keyColumns));
      }
    }
  }

  private CopyRange rangeOf(byte[][] lower, byte[][] upper) {
    return lower == null ? (upper == null ? all : upperOnly) : (upper == null ? lowerOnly : both);
  }

  // a risky unique key kept rows of the range out: list them for the recheck before the swap
  private void listKeptOut(byte[][] lower, byte[][] upper) throws SQLException {
    String sql =
        RecheckSql.listMissingInRange(
            spec.recheck(),
            spec.original(),
            spec.ghost(),
            spec.schema().keyName(),
            keyNames,
            spec.ghostKey().columns(),
            lower != null,
            upper != null);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      bindBound(ps, bindBound(ps, 1, lower), upper);
      int listed = ps.executeUpdate();
      LOG.info(
          "Row copy: a unique key the original does not guarantee kept rows of {} out of {};"
              + " {} listed for a recheck",
          bounds(lower, upper),
          spec.ghost(),
          listed);
    }
  }

  private RowRefusedException refused(
      byte[][] lower, byte[][] upper, CopyRange range, Warnings.Warning w, int rows)
      throws SQLException {
    String which = "a row of keys " + bounds(lower, upper);
    if (rows == 1 && upper != null) {
      which = "row " + ColumnValues.describeKey(keyColumns, upper); // a range of one row
    } else if (w.row().isPresent()) {
      Optional<byte[][]> key = keyAt(range, lower, upper, w.row().getAsInt());
      if (key.isPresent()) {
        which = "row " + ColumnValues.describeKey(keyColumns, key.get());
      }
    }
    return new RowRefusedException(
        "the new definition of "
            + spec.ghost()
            + " cannot hold "
            + which
            + " of "
            + spec.original()
            + ": "
            + w.message()
            + " (MySQL's own ALTER refuses such rows too)");
  }

  private String bounds(byte[][] lower, byte[][] upper) {
    return (lower == null ? "(start" : "(" + ColumnValues.describeKey(keyColumns, lower))
        + " .. "
        + (upper == null ? "end)" : ColumnValues.describeKey(keyColumns, upper) + "]");
  }

  private void rollbackQuietly() {
    try {
      if (connection != null && !connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the session is gone; the retry reconnects
    }
  }

  private int bindBound(PreparedStatement ps, int first, byte[][] bound) throws SQLException {
    return KeyRanges.bindBound(ps, first, bound, keyColumns);
  }

  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // closing a broken session
    }
  }
}
