package io.ghostflink.operators.copy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether any session but ghostflink's own changes rows on a server, from successive readings of
 * how many rows they have changed in all ({@link RedoGauge.Reading#otherRowsChanged}): yes when
 * they changed {@link #ROWS} or more over the last {@link #WINDOW_NANOS}, and yes while it is not
 * known.
 *
 * <p>The redo log's hold protects the commits of other writers from InnoDB's synchronous flush; a
 * copy nobody else waits on gains nothing from it (0.19× MySQL's own copy without writers, against
 * 0.5–0.66× without the hold: docs/benchmarks.md). A writer that starts is seen at the next reading
 * of other sessions' figures, within 250 ms.
 */
public final class OtherWriters {
  /** How far back the rows changed by others count. */
  static final long WINDOW_NANOS = 1_000_000_000L;

  /**
   * How many rows others must change within the window: one row a second (a monitoring heartbeat
   * such as pt-heartbeat) does not hold the copy, two do.
   */
  static final long ROWS = 2;

  // (nanos, rows) readings, oldest first; the oldest is the newest one at least a window old
  private final Deque<long[]> readings = new ArrayDeque<>();
  private boolean writing = true;

  /**
   * Takes one reading.
   *
   * @param rows the rows other sessions have changed in all; negative when unknown
   * @param now when the reading was taken ({@link System#nanoTime()})
   * @return whether others write
   */
  public boolean update(long rows, long now) {
    if (rows < 0) {
      readings.clear();
      writing = true;
      return true;
    }
    readings.addLast(new long[] {now, rows});
    while (readings.size() > 2 && second()[0] <= now - WINDOW_NANOS) {
      readings.removeFirst();
    }
    // one reading says nothing about a rate yet
    writing = readings.size() < 2 || rows - readings.peekFirst()[1] >= ROWS;
    return writing;
  }

  private long[] second() {
    var it = readings.iterator();
    it.next();
    return it.next();
  }

  /** Whether others write, as of the last reading. */
  public boolean writing() {
    return writing;
  }
}
