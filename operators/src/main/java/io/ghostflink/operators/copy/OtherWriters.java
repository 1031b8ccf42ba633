package io.ghostflink.operators.copy;

/**
 * Whether any session but ghostflink's own changes rows on a server, from successive readings of
 * how many rows they have changed in all ({@link RedoGauge.Reading#otherRowsChanged}): yes when
 * they changed {@link #ROWS} rows a second or more (and at least {@link #ROWS} rows) since the
 * newest reading at least {@link #WINDOW_NANOS} old, and yes while it is not known. And, stricter,
 * whether the server has been silent: no row changed by another session for {@link #SILENCE_NANOS}
 * ({@link #silent}), for the copy's longer chunks.
 *
 * <p>The redo log's hold protects the commits of other writers from InnoDB's synchronous flush; a
 * copy nobody else waits on gains nothing from it (0.19× MySQL's own copy without writers, against
 * 0.5–0.66× without the hold: docs/benchmarks.md). A writer that starts is seen at the next reading
 * of other sessions' figures, within 250 ms.
 */
public final class OtherWriters {
  /**
   * How far back the rows changed by others count, at least. Two seconds: a heartbeat of one row a
   * second (pt-heartbeat's default) changes at most three rows over the 2–2.25 s between a reading
   * and the newest one this old (readings come every 250 ms, or later when one says nothing), under
   * {@link #ROWS} a second; a writer of 2.5 rows a second changes at least five. Over one second,
   * as before session 23, such a heartbeat showed two rows in 1–1.25 s now and then, and a writer
   * of a row every 1.3 s did too when a skipped reading stretched the span past 1.3 s: the copy
   * then narrowed and was held as if someone wrote (in 3 of 4 copies on the writers bench).
   */
  static final long WINDOW_NANOS = 2_000_000_000L;

  /**
   * How many rows a second others must change (and how many at least: one row soon after a reading
   * is no rate yet): one row a second (a monitoring heartbeat such as pt-heartbeat) does not hold
   * the copy, two do.
   */
  public static final long ROWS = 2;

  /**
   * How long no other session may have changed a single row before the copy counts the server as
   * silent ({@link #silent}): longer chunks then ({@code --quiet-chunk-time}). A writer of a row
   * now and then, below {@link #ROWS} a second, keeps it from being silent.
   */
  static final long SILENCE_NANOS = 10_000_000_000L;

  // the rows other sessions had changed at each reading; the base is the newest at least a window
  // old
  private final SpanReadings<Long> readings = new SpanReadings<>(WINDOW_NANOS);
  private boolean writing = true;
  // when another session last changed a row, as far as the readings tell; null: no reading yet
  private Long lastWrite;
  // when the last reading found more rows than the one before it, until the next one confirms it:
  // a session of ghostflink's that connected while the figures were read shows as another's in
  // that one reading (RedoGauge), and the next one, which counts it as ghostflink's, falls back
  private Long risen;

  /**
   * Takes one reading.
   *
   * @param rows the rows other sessions have changed in all; negative when unknown
   * @param now when the reading was taken ({@link System#nanoTime()})
   * @return whether others write
   */
  public boolean update(long rows, long now) {
    return update(rows, -1, now);
  }

  /**
   * Takes one reading, with the statement history's look back.
   *
   * @param rows the rows other sessions have changed in all; negative when unknown
   * @param newestWriteAge how long ago the newest row change in the statement history of the other
   *     sessions still connected ended ({@link RedoGauge.Reading#otherWriteAgeNanos}): {@link
   *     RedoGauge.Reading#NO_RECENT_WRITE} when none there did, negative when not known
   * @param now when the reading was taken ({@link System#nanoTime()})
   * @return whether others write
   */
  public boolean update(long rows, long newestWriteAge, long now) {
    Long last = readings.last();
    if (lastWrite == null) {
      // the first reading: silence is not known yet, unless the history looks back (below)
      lastWrite = newestWriteAge < 0 ? now : now - SILENCE_NANOS;
    }
    if (newestWriteAge >= 0 && newestWriteAge != RedoGauge.Reading.NO_RECENT_WRITE) {
      lastWrite = Math.max(lastWrite, now - newestWriteAge);
    }
    if (rows < 0) {
      lastWrite = now; // not known: as if one wrote
      risen = null;
      readings.clear();
      writing = true;
      return true;
    }
    if (last != null && rows > last) {
      if (risen != null) {
        lastWrite = Math.max(lastWrite, risen);
      }
      risen = now;
    } else if (last != null) {
      if (risen != null && rows == last) {
        lastWrite = Math.max(lastWrite, risen); // the rise stands: rows were changed then
      }
      risen = null; // confirmed, or it fell back: not a write (see risen)
    }
    readings.add(now, rows);
    // one reading says nothing about a rate yet
    long changed = rows - readings.base();
    writing = readings.size() < 2 || writing(changed, now - readings.baseNanos());
    return writing;
  }

  /**
   * Whether {@code rows} changed by others in {@code nanos} are writing: {@link #ROWS} rows at
   * least, and as many a second.
   */
  public static boolean writing(long rows, long nanos) {
    return rows >= ROWS && rows * 1_000_000_000.0 >= ROWS * (double) nanos;
  }

  /**
   * Whether no other session has changed a row for {@link #SILENCE_NANOS} at {@code now}, as far as
   * the readings tell: rows changed between two readings, or a change in the statement history of
   * the sessions still connected (which looks back before the first reading). Never before a second
   * reading; a session that changed rows and disconnected before the copy's first reading is not
   * seen; a reading that does not know counts as a change.
   */
  public boolean silent(long now) {
    // a second reading first: sessions that write and disconnect are not in the history, only in
    // the counters
    return readings.size() >= 2 && now - lastWrite >= SILENCE_NANOS;
  }

  /** Whether others write, as of the last reading. */
  public boolean writing() {
    return writing;
  }
}
