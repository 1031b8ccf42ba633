package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads what the copy's planner obeys: from the changelog table, whether the controller throttles
 * the copy (and why) and an operator's runtime settings; from the target, how full its redo log is
 * ({@link RedoGauge}). Its own sessions, used from the enumerator's worker thread only.
 */
final class CopyControls implements AutoCloseable {
  /**
   * One reading, taken at {@code nanos}: {@code throttle} is empty when not throttled; {@code
   * redoFill} is the target's checkpoint age over its redo capacity (NaN: unknown), {@code
   * otherRowsChanged} the rows other sessions than ghostflink's have changed there in all
   * (negative: unknown), {@code maxRedoFill} the ratio an operator set at runtime, if any.
   */
  record Reading(
      String throttle,
      Optional<ChunkSizing> chunking,
      double redoFill,
      long otherRowsChanged,
      OptionalDouble maxRedoFill,
      long nanos) {

    /** A reading of the throttle alone (tests). */
    Reading(String throttle, Optional<ChunkSizing> chunking) {
      this(throttle, chunking, Double.NaN, -1, OptionalDouble.empty(), System.nanoTime());
    }
  }

  private final CopySpec spec;
  private final RedoGauge redo;
  private Connection connection;

  CopyControls(CopySpec spec) {
    this.spec = spec;
    this.redo = new RedoGauge(spec.target());
  }

  /**
   * Reads the controls, and the target's redo log too while {@code planning} (chunks are still to
   * be handed out).
   */
  Reading read(boolean planning) throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(spec.source(), spec.changelog().database());
    }
    String throttle = "";
    String chunking = null;
    String maxRedoFill = null;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(ChangelogSql.readControls(spec.changelog()))) {
      while (rs.next()) {
        String value = rs.getString(2) == null ? "" : rs.getString(2);
        switch (rs.getString(1)) {
          case ChangelogSql.THROTTLE -> throttle = value;
          case ChangelogSql.CONTROL_CHUNKING -> chunking = value;
          case ChangelogSql.CONTROL_CHECKPOINT_AGE -> maxRedoFill = value;
          default -> {
            // read by the controller
          }
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    // the redo log matters while chunks are still to be handed out
    RedoGauge.Reading server =
        planning && (spec.maxCheckpointAgeRatio() > 0 || maxRedoFill != null)
            ? redo.read()
            : new RedoGauge.Reading(Double.NaN, -1);
    // what `ghostflink set max-checkpoint-age-ratio=` wrote (validated there); empty: the flag's
    return new Reading(
        throttle,
        parse(chunking),
        server.fill(),
        server.otherRowsChanged(),
        RedoGauge.ratio(maxRedoFill),
        System.nanoTime());
  }

  /**
   * {@code time <ms>} or {@code size <rows>} (what {@code ghostflink set} writes); anything else
   * (nothing set) leaves the spec's sizing. A new target time keeps the current size as its start.
   */
  static Optional<ChunkSizing> parse(String chunking) {
    if (chunking == null) {
      return Optional.empty();
    }
    String[] parts = chunking.strip().split("\\s+");
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(parts[1]);
      if (parts[0].equals("time") && n > 0) {
        return Optional.of(ChunkSizing.adaptive(ChunkSizing.MIN_ROWS, Duration.ofMillis(n)));
      }
      if (parts[0].equals("size") && n > 0 && n <= Integer.MAX_VALUE) {
        return Optional.of(ChunkSizing.fixed((int) n));
      }
    } catch (NumberFormatException ignored) {
      // not a setting
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection); // reopened at the next reading
    connection = null;
    redo.close();
  }
}
