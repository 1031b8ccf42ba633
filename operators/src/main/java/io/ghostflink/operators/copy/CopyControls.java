package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.sql.ChangelogSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads what the copy's planner obeys: from the changelog table, whether the controller throttles
 * the copy (and why) and an operator's runtime settings; from the target, how full its redo log is
 * and what other sessions do there ({@link RedoGauge}). It also writes the planner's own hold into
 * the changelog ({@link ChangelogSql#COPY_HOLD}), for the controller's progress line and {@code
 * status}. Its own sessions, used from the enumerator's worker thread only.
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
      RedoGauge.Reading server,
      OptionalDouble maxRedoFill,
      OptionalDouble maxLatencyRatio,
      OptionalDouble niceRatio,
      OptionalDouble maxCpuRatio,
      double cpuBusy,
      long nanos) {

    /** A reading of the throttle alone (tests). */
    Reading(String throttle, Optional<ChunkSizing> chunking) {
      this(
          throttle,
          chunking,
          new RedoGauge.Reading(Double.NaN),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          Double.NaN,
          System.nanoTime());
    }
  }

  // the planner's hold is written at most this often: status reads it every half second
  private static final long PUBLISH_EVERY_NANOS = 250_000_000L;

  // what other sessions do is read this often, not at every reading: the query costs the server
  // several times the redo log's
  static final long OTHERS_EVERY_NANOS = 250_000_000L;

  private long othersReadAt;
  // how many readings of other sessions told something: the second one comes at the next reading,
  // so that a silent server is known (two readings of their counters) a quarter second sooner. One
  // that told nothing (a statement or session of ghostflink's ended while it read) is taken again
  // at the next reading, not a quarter second later
  private int othersReadings;

  private final CopySpec spec;
  private final RedoGauge redo;
  // this machine's CPU, where the target is on it (else null: never read)
  private final MachineCpu cpu;
  private Connection connection;
  private Connection primary;
  // null until the first reading: a planner's first write replaces what an earlier job (paused,
  // failed over) left in the changelog
  private String published;
  private String publishedPace;
  private String publishedReaders;
  private String publishedAlone;
  private long publishedAt;

  CopyControls(CopySpec spec) {
    this.spec = spec;
    this.redo = new RedoGauge(spec.target());
    this.cpu = MachineCpu.local(spec.target().host()) ? new MachineCpu() : null;
  }

  /**
   * Reads the controls, and the target's redo log too while {@code planning} (chunks are still to
   * be handed out); writes the planner's {@code hold}, {@code pace}, {@code readers} and {@code
   * alone} ("" for none) when they changed.
   */
  Reading read(boolean planning, String hold, String pace, String readers, String alone)
      throws SQLException {
    publish(hold, pace, readers, alone);
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(spec.source(), spec.changelog().database());
    }
    String throttle = "";
    String chunking = null;
    String maxRedoFill = null;
    String maxLatencyRatio = null;
    String niceRatio = null;
    String maxCpuRatio = null;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(ChangelogSql.readControls(spec.changelog()))) {
      while (rs.next()) {
        String value = rs.getString(2) == null ? "" : rs.getString(2);
        switch (rs.getString(1)) {
          case ChangelogSql.THROTTLE -> throttle = value;
          case ChangelogSql.CONTROL_CHUNKING -> chunking = value;
          case ChangelogSql.CONTROL_CHECKPOINT_AGE -> maxRedoFill = value;
          case ChangelogSql.CONTROL_COMMIT_LATENCY -> maxLatencyRatio = value;
          case ChangelogSql.CONTROL_NICE_RATIO -> niceRatio = value;
          case ChangelogSql.CONTROL_CPU -> maxCpuRatio = value;
          default -> {
            // read by the controller
          }
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
    // the redo log and other sessions' writes matter while chunks are still to be handed out
    // what `ghostflink set max-checkpoint-age-ratio=` (or max-commit-latency-ratio=) wrote,
    // validated there; empty: the flag's
    OptionalDouble redoRatio = RedoGauge.ratio(maxRedoFill);
    OptionalDouble latencyRatio = LatencyHold.ratio(maxLatencyRatio);
    OptionalDouble cpuRatio = CopySpec.cpuRatio(maxCpuRatio);
    boolean cpuHolds = cpu != null && cpuRatio.orElse(spec.maxCpuRatio()) > 0;
    RedoGauge.Reading server =
        planning
                && (redoRatio.orElse(spec.maxCheckpointAgeRatio()) > 0
                    || latencyRatio.orElse(spec.maxLatencyRatio()) > 0
                    || spec.busyReaders() > 0
                    || !spec.sizing().quietTime().isZero()
                    || cpuHolds)
            ? readServer()
            // nothing is read: every hold of the planner's own ends (a hold started by a reading
            // taken just before the last chunk was planned would otherwise never be updated)
            : new RedoGauge.Reading(Double.NaN, true, -1, -1, -1);
    // when the server's figures were read: the redo log's rise is over the time between readings,
    // and the machine's CPU (a file read) may wait longer on a busy machine than they did
    long nanos = System.nanoTime();
    return new Reading(
        throttle,
        parse(chunking),
        server,
        redoRatio,
        latencyRatio,
        CopySpec.niceRatio(niceRatio),
        cpuRatio,
        planning && cpuHolds ? cpu.busy(System.nanoTime()) : Double.NaN,
        nanos);
  }

  /** Whether the planner reads this machine's CPU: the target is on it. */
  boolean readsCpu() {
    return cpu != null;
  }

  private RedoGauge.Reading readServer() throws SQLException {
    long now = System.nanoTime();
    boolean withOthers = othersReadings < 2 || now - othersReadAt >= OTHERS_EVERY_NANOS;
    RedoGauge.Reading r = redo.read(withOthers);
    if (withOthers && r.othersRead()) {
      othersReadAt = now;
      othersReadings++;
    }
    return r;
  }

  // writes the planner's hold, pace, readers and whether it copies alone when they changed (at
  // most every PUBLISH_EVERY_NANOS); a failure is retried at the next reading
  private void publish(String hold, String pace, String readers, String alone) {
    long now = System.nanoTime();
    if (published != null
        && ((hold.equals(published)
                && pace.equals(publishedPace)
                && readers.equals(publishedReaders)
                && alone.equals(publishedAlone))
            || now - publishedAt < PUBLISH_EVERY_NANOS)) {
      return;
    }
    try {
      if (primary == null || primary.isClosed()) {
        primary = Connections.open(spec.primary(), spec.changelog().database());
      }
      try (PreparedStatement ps = primary.prepareStatement(ChangelogSql.write(spec.changelog()))) {
        ps.setString(1, ChangelogSql.COPY_HOLD);
        ps.setString(2, hold);
        ps.addBatch();
        ps.setString(1, ChangelogSql.COPY_PACE);
        ps.setString(2, pace);
        ps.addBatch();
        ps.setString(1, ChangelogSql.COPY_READERS);
        ps.setString(2, readers);
        ps.addBatch();
        ps.setString(1, ChangelogSql.COPY_ALONE);
        ps.setString(2, alone);
        ps.addBatch();
        ps.executeBatch();
      }
      published = hold;
      publishedPace = pace;
      publishedReaders = readers;
      publishedAlone = alone;
      publishedAt = now;
    } catch (SQLException e) {
      Connections.closeQuietly(primary);
      primary = null;
    }
  }

  /**
   * A number an operator's runtime setting holds; empty when blank, not a number, or not {@code
   * valid}: the flag's value stands.
   */
  static OptionalDouble number(String value, java.util.function.DoublePredicate valid) {
    if (value == null || value.isBlank()) {
      return OptionalDouble.empty();
    }
    try {
      double r = Double.parseDouble(value.strip());
      return valid.test(r) ? OptionalDouble.of(r) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
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
    Connections.closeQuietly(primary);
    primary = null;
    redo.close();
  }
}
