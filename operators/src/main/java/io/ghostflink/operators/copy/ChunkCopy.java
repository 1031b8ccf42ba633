package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.AutoIncrementRaceException;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.KeyRanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one chunk of the original into the ghost table, lock-free, between two marks: it writes a
 * low mark into the changelog table, copies (a consistent read of the original, in READ COMMITTED:
 * no lock that the application's writers could wait for), commits, and writes a high mark. The
 * binlog's watermark stays below the low mark until the high mark (BinlogWatermarks), so no change
 * written after the chunk's read began is applied before the chunk's rows are in the ghost table;
 * applied after them, it supersedes them (docs/architecture.md, "Copy and binlog"). Deadlocks,
 * lock-wait timeouts and lost connections re-run the chunk with new marks; the copy never
 * overwrites, so that is harmless.
 *
 * <p>Two flows share this: {@link ServerSideChunkCopy} (MySQL copies the chunk) and {@link
 * StreamChunkCopy} (the job reads the rows and writes them, possibly to another server).
 */
public abstract class ChunkCopy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkCopy.class);

  private static final int MAX_ATTEMPTS = 30;

  protected final CopySpec spec;
  protected final List<Column> keyColumns;
  protected final List<String> sourceColumns = new ArrayList<>();

  /** What the server-side copy selects for each ghost column, and the hint it runs with. */
  private final List<String> copied;

  private final String zoneHint;

  /** This reader's row in the changelog table: its marks overwrite one another. */
  private final String markHint =
      ChangelogSql.COPY_MARK + UUID.randomUUID().toString().substring(0, 8);

  /**
   * Whether the low marks carry the chunk's range, so that changes to rows no chunk has reached are
   * left to the copy ({@link CopyFrontier}).
   */
  private final boolean tracked;

  /** A session on the original's server, in READ COMMITTED. */
  protected Connection source;

  /** The session that writes the marks on the primary, when the chunks are read on a replica. */
  private Connection primary;

  /** How long a low mark may take to reach the replica the chunks are read on. */
  private static final long MARK_ARRIVAL_TIMEOUT_MS = 60_000;

  protected ChunkCopy(CopySpec spec) {
    this.spec = spec;
    this.keyColumns = spec.schema().keyColumnList();
    tracked = CopyFrontier.tracks(spec.schema(), spec.ghostKey());
    for (int i : spec.mapping().sourceColumns()) {
      sourceColumns.add(spec.schema().columns().get(i).name());
    }
    copied = List.copyOf(spec.mapping().copiedExpressions(spec.schema()));
    zoneHint = spec.source().zoneHint();
  }

  /** The copy of {@code spec}'s mode. */
  public static ChunkCopy of(CopySpec spec) {
    return spec.mode() == CopyMode.STREAM
        ? new StreamChunkCopy(spec)
        : new ServerSideChunkCopy(spec);
  }

  public void open() throws SQLException {
    source = Connections.open(spec.source(), spec.original().database());
    source.setAutoCommit(false);
    source.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    if (!spec.primary().sameServer(spec.source())) {
      primary = Connections.open(spec.primary(), spec.original().database());
      primary.setAutoCommit(false);
    }
  }

  /**
   * Copies one chunk between its marks; returns the rows of the chunk it read, inserted or found in
   * the ghost table already (which are kept): a chunk copied again after a restore counts its rows
   * again, as the restored count had not counted them.
   *
   * @throws RowRefusedException a row of the chunk the new definition cannot hold as it is
   */
  public final long copy(Chunk chunk) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        String token = ChangelogSql.copyMarkToken(spec.runId(), spec.markedChunk(chunk.id()));
        String low =
            tracked
                ? ChangelogSql.lowMark(
                    token,
                    CopyFrontier.boundText(chunk.lower()),
                    CopyFrontier.boundText(chunk.upper()))
                : ChangelogSql.lowMark(token);
        mark(low);
        if (primary != null) {
          awaitOnReplica(low);
        }
        return copyBetweenMarks(chunk, ChangelogSql.highMark(token));
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
   * Copies the chunk and commits it, then commits {@code highMark} ({@link #mark}), or writes it
   * into the chunk's own transaction before its commit ({@link #markInChunk}) where the chunk's
   * rows and the marks are written on the same session: the binlog then holds the high mark at the
   * position of the chunk's rows, which is all the marks' argument needs (docs/architecture.md,
   * "copy marks"), at one commit less per chunk.
   */
  protected abstract long copyBetweenMarks(Chunk chunk, String highMark) throws SQLException;

  /** Rolls back what the copy has not committed (on every session it uses). */
  protected void rollbackQuietly() {
    rollbackQuietly(source);
    rollbackQuietly(primary);
  }

  protected static void rollbackQuietly(Connection c) {
    try {
      if (c != null && !c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the session is gone; the retry reconnects
    }
  }

  /** One committed write of this reader's mark row in the changelog table (on the primary). */
  protected void mark(String value) throws SQLException {
    Connection c = primary != null ? primary : source;
    write(c, value);
    c.commit();
  }

  /**
   * Writes this reader's mark row in the transaction open on {@link #source}, to be committed with
   * the chunk's rows: only where the marks are written on that session too (no replica read).
   */
  protected void markInChunk(String value) throws SQLException {
    if (primary != null) {
      throw new IllegalStateException("marks go to the primary: they cannot join the chunk");
    }
    write(source, value);
  }

  private void write(Connection c, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ChangelogSql.write(spec.changelog()))) {
      ps.setString(1, markHint);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  /**
   * Waits until the replica the chunk is read on has applied the low mark: its binlog then holds
   * the mark before any read of the chunk (DBLog's order, on the replica's binlog).
   */
  private void awaitOnReplica(String value) throws SQLException {
    long deadline = System.nanoTime() + MARK_ARRIVAL_TIMEOUT_MS * 1_000_000L;
    try (PreparedStatement ps = source.prepareStatement(ChangelogSql.read(spec.changelog()))) {
      ps.setString(1, markHint);
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && value.equals(rs.getString(1))) {
            source.commit();
            return;
          }
        }
        source.commit();
        if (System.nanoTime() > deadline) {
          throw new SQLException(
              "the replica "
                  + spec.source().host()
                  + ":"
                  + spec.source().port()
                  + " did not apply the copy's mark within "
                  + MARK_ARRIVAL_TIMEOUT_MS
                  + " ms; is it replicating?");
        }
        LockSupport.parkNanos(200_000);
      }
    }
  }

  /** The range of keys after {@code lower} up to {@code upper} (null bounds are open). */
  protected CopyRange range(byte[][] lower, byte[][] upper) {
    return new CopyRange(
        spec.original(),
        spec.ghost(),
        sourceColumns,
        spec.mapping().ghostColumns(),
        spec.schema().keyName(),
        keyColumns,
        lower != null,
        upper != null,
        zoneHint,
        copied);
  }

  protected int bindBound(PreparedStatement ps, int first, byte[][] bound) throws SQLException {
    return KeyRanges.bindBound(ps, first, bound, keyColumns);
  }

  /** What a warning's duplicate key means, or UNKNOWN for any other warning. */
  protected GhostKey.Conflict conflictOf(Warnings.Warning w) {
    return w.duplicateKey() == null
        ? GhostKey.Conflict.UNKNOWN
        : spec.ghostKey().conflictOn(w.duplicateKey());
  }

  /**
   * MySQL numbered a copied row with a value another row holds: the chunk is copied again ({@link
   * #copy} retries it), where {@code INSERT IGNORE} would have dropped the row.
   */
  protected AutoIncrementRaceException numberingRace(Warnings.Warning w) {
    LOG.info("Copy of a chunk into {} runs again: {}", spec.ghost(), w.message());
    return new AutoIncrementRaceException(w.message());
  }

  /** The copy stops at a row the new table cannot hold; {@code which} names it. */
  protected RowRefusedException refused(String which, Warnings.Warning w) {
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

  protected String describe(byte[][] key) {
    return ColumnValues.describeKey(keyColumns, key);
  }

  protected String bounds(byte[][] lower, byte[][] upper) {
    return (lower == null ? "(start" : "(" + describe(lower))
        + " .. "
        + (upper == null ? "end)" : describe(upper) + "]");
  }

  @Override
  public void close() {
    Connections.closeQuietly(source);
    Connections.closeQuietly(primary);
    primary = null;
  }
}
