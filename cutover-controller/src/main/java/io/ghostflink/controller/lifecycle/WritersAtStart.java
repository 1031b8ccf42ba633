package io.ghostflink.controller.lifecycle;

import io.ghostflink.operators.copy.OtherWriters;
import io.ghostflink.operators.copy.RedoGauge;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether sessions other than ghostflink's change rows on the server as a migration starts, for
 * {@code --defer-secondary-indexes auto}. An index build after the copy is one burst of page writes
 * that the copy's throttle cannot pace: on the writers bench its seconds were the writers' worst
 * (up to 275 ms at 200 tx/s, docs/benchmarks.md), so a copy that others write beside keeps its
 * indexes and a copy that runs alone builds them after.
 *
 * <p>Two readings of the rows the other sessions changed (performance_schema's statement summaries,
 * as the copy's holds read them: {@link RedoGauge}), one when the migration lock is taken and one
 * when the ghost table is made: others write when they changed {@link OtherWriters#ROWS} rows or
 * more between the two (and as many a second: the span is a few hundred milliseconds, longer on a
 * slow start), or in the {@link #HISTORY} before the second reading as far as the statement history
 * of the sessions still connected tells. A heartbeat of one row a second (pt-heartbeat's default)
 * does not count, as it does not hold the copy. Not knowing counts as writing.
 */
final class WritersAtStart implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WritersAtStart.class);

  /**
   * How far back the statement history counts: under a second, so that a heartbeat of one row a
   * second, on time, shows one row.
   */
  static final java.time.Duration HISTORY = java.time.Duration.ofMillis(900);

  // a reading may say nothing of the others (one of ghostflink's statements ended while it read)
  private static final int TRIES = 3;

  private final RedoGauge gauge;
  // the others' rows at the first reading (-1: not known), and when it was taken
  private final long first;
  private final long firstNanos;

  private WritersAtStart(RedoGauge gauge, long first, long firstNanos) {
    this.gauge = gauge;
    this.first = first;
    this.firstNanos = firstNanos;
  }

  /** Takes the first reading of {@code server}. */
  static WritersAtStart watch(ServerAddress server) {
    RedoGauge gauge = new RedoGauge(server);
    return new WritersAtStart(gauge, rows(gauge), System.nanoTime());
  }

  /** Takes the second reading: why others are taken to write, or null when none does. */
  String whyWriting() {
    long now = rows(gauge);
    long span = System.nanoTime() - firstNanos;
    long recent;
    try {
      recent = gauge.otherRowsInLast(HISTORY);
    } catch (SQLException e) {
      LOG.info("Cannot read the statement history: {}", e.getMessage());
      recent = -1;
    }
    if (first < 0 || now < 0 || recent < 0) {
      return "whether other sessions write cannot be told (ghostflink reads it from"
          + " performance_schema's statement summaries and history)";
    }
    if (OtherWriters.writing(now - first, span) || recent >= OtherWriters.ROWS) {
      return "other sessions write (rows changed: "
          + (now - first)
          + " in the "
          + span / 1_000_000
          + " ms since the migration lock was taken, "
          + recent
          + " in the last "
          + HISTORY.toMillis()
          + " ms)";
    }
    return null;
  }

  // the rows the other sessions changed in all, or -1 when not known
  private static long rows(RedoGauge gauge) {
    try {
      for (int i = 0; i < TRIES; i++) {
        RedoGauge.Reading r = gauge.read(true);
        if (r.othersRead()) {
          return r.otherRowsChanged();
        }
      }
      return -1;
    } catch (SQLException e) {
      LOG.info("Cannot read what other sessions write: {}", e.getMessage());
      return -1;
    }
  }

  @Override
  public void close() {
    gauge.close();
  }
}
