package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.RecheckSql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MySQL copies the chunk itself: {@code INSERT IGNORE INTO ghost … SELECT … FROM original WHERE
 * range ORDER BY key}, a consistent read, cheap in CPU, within one server. Every warning is read; a
 * row the new table refuses is named from the warning's "at row N" (the copy reads in key order)
 * or, for warnings that do not say, by copying the range again in ever smaller parts.
 */
final class ServerSideChunkCopy extends ChunkCopy {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSideChunkCopy.class);

  ServerSideChunkCopy(CopySpec spec) {
    super(spec);
  }

  @Override
  protected long copyBetweenMarks(Chunk chunk, String highMark) throws SQLException {
    long rows = copyRange(chunk.lower(), chunk.upper(), spec.sizing().maxSize(), false);
    markInChunk(highMark); // committed with the rows: one commit a chunk fewer
    source.commit();
    return rows;
  }

  /**
   * Copies the keys after {@code lower} up to {@code upper} in one statement, in the chunk's
   * transaction. When the server kept fewer warnings than the statement raised (a user without
   * SESSION_VARIABLES_ADMIN keeps 1024), the statement is undone and the range copied again in
   * parts, so that no warning goes unread.
   */
  private long copyRange(byte[][] lower, byte[][] upper, int rows, boolean part)
      throws SQLException {
    CopyRange range = range(lower, upper);
    // a chunk's first statement is its transaction's only one: undone by a rollback; parts need
    // a savepoint to undo one without the parts before it
    Savepoint before = part ? source.setSavepoint() : null;
    try (PreparedStatement ps = source.prepareStatement(GhostDml.copyRange(range))) {
      bindBound(ps, bindBound(ps, 1, lower), upper);
      long copied = rowsRead(ps, ps.executeUpdate());
      Warnings.Seen seen = Warnings.of(source, ps);
      if (!seen.complete() && rows > 1) {
        undo(before);
        return copyInParts(lower, upper, Math.max(1, rows / 16));
      }
      boolean keptOut = false;
      for (Warnings.Warning w : seen.warnings()) {
        GhostKey.Conflict conflict = conflictOf(w);
        if (conflict == GhostKey.Conflict.NUMBERED) {
          source.rollback();
          throw numberingRace(w);
        }
        if (conflict == GhostKey.Conflict.UNKNOWN) {
          if (w.row().isEmpty() && rows > 1) {
            // the warning does not say which row: find it in ever smaller parts
            undo(before);
            return copyInParts(lower, upper, Math.max(1, rows / 16));
          }
          source.rollback();
          throw refused(which(lower, upper, range, w, rows), w);
        }
        keptOut |= conflict == GhostKey.Conflict.RISKY;
      }
      if (keptOut) {
        listKeptOut(lower, upper);
      }
      return copied;
    }
  }

  private static final java.util.regex.Pattern RECORDS =
      java.util.regex.Pattern.compile("Records: (\\d+)");

  /**
   * The rows the {@code INSERT IGNORE … SELECT} {@code ps} just ran read: MySQL's "Records: n" of
   * its OK packet, whose "Duplicates" are rows the ghost table held already (a chunk copied again
   * after a restore from a checkpoint, a row the binlog apply wrote first); {@code inserted} when
   * the server sent no such line. The copy's progress counts rows read, so that a resumed run's
   * count ends at the table's rows, not short by the rows copied twice.
   */
  static long rowsRead(PreparedStatement ps, long inserted) throws SQLException {
    com.mysql.cj.jdbc.result.ResultSetInternalMethods result =
        ps.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).getResultSetInternal();
    String info = result == null ? null : result.getServerInfo();
    java.util.regex.Matcher m = info == null ? null : RECORDS.matcher(info);
    return m != null && m.find() ? Long.parseLong(m.group(1)) : inserted;
  }

  private void undo(Savepoint before) throws SQLException {
    if (before == null) {
      source.rollback();
    } else {
      source.rollback(before);
    }
  }

  private long copyInParts(byte[][] lower, byte[][] upper, int step) throws SQLException {
    long copied = 0;
    byte[][] from = lower;
    while (true) {
      Optional<byte[][]> to = keyAt(range(from, upper), from, upper, step);
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
    try (PreparedStatement ps = source.prepareStatement(GhostDml.keyAt(range))) {
      int p = bindBound(ps, bindBound(ps, 1, lower), upper);
      ps.setInt(p, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(ColumnValues.readKey(rs, 1, keyColumns)) : Optional.empty();
      }
    }
  }

  private String which(
      byte[][] lower, byte[][] upper, CopyRange range, Warnings.Warning w, int rows)
      throws SQLException {
    if (rows == 1 && upper != null) {
      return "row " + describe(upper); // a range of one row
    }
    if (w.row().isPresent()) {
      Optional<byte[][]> key = keyAt(range, lower, upper, w.row().getAsInt());
      if (key.isPresent()) {
        return "row " + describe(key.get());
      }
    }
    return "a row of keys " + bounds(lower, upper);
  }

  // a risky unique key kept rows of the range out: list them for the recheck before the swap
  private void listKeptOut(byte[][] lower, byte[][] upper) throws SQLException {
    String sql =
        RecheckSql.listMissingInRange(
            spec.recheck(),
            spec.original(),
            spec.ghost(),
            spec.schema().keyName(),
            keyColumns,
            spec.ghostKey().columns(),
            lower != null,
            upper != null);
    try (PreparedStatement ps = source.prepareStatement(sql)) {
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
}
