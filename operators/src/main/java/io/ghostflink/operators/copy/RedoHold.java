package io.ghostflink.operators.copy;

/**
 * Whether a new chunk may start, from successive readings of how full the target's redo log is
 * ({@link RedoGauge}): no while the fill, plus what it will still gain before a hold takes effect,
 * is over the limit.
 *
 * <p>The gain is the fill's rise per second times the lookahead: the chunks in flight still write
 * until they end, and the next reading comes a reading interval later. Without it a copy at full
 * speed overshot a hold by 8–10% of a 100 MB redo log on the writers bench, more than the 5%
 * between the point where InnoDB starts flushing hard (77.5% of the capacity) and the one where it
 * stalls every writer (83%).
 *
 * <p>The rise is taken over at least {@link #SPAN_NANOS}, from the newest reading that old, not
 * over the last two readings: a chunk's commit writes its redo at once, and readings come back to
 * back after one that waited on a busy server, so two readings a few milliseconds apart read a jump
 * of 1% of the log as a rise of several times the log a second. On the writers bench at 600 tx/s
 * holds started with the redo log 23% and 50% full (docs/benchmarks.md, session 38), which readings
 * 50 ms apart, the planner's pace, could not have predicted from the rise InnoDB showed there.
 */
final class RedoHold {
  // readings further apart than this say nothing about the rise now
  private static final long STALE_NANOS = 1_000_000_000L;

  /** The shortest time the rise is measured over. */
  static final long SPAN_NANOS = 200_000_000L;

  // more readings than a span holds at the planner's pace only when they come back to back
  private static final int MAX_READINGS = 64;

  // the readings of the last span or so; the first is the rise's base
  private final SpanReadings<Double> readings = new SpanReadings<>(SPAN_NANOS, MAX_READINGS);
  private double fill = Double.NaN;
  private double risePerSecond;
  private boolean over;
  private boolean held;
  private long holds;

  /**
   * Takes one reading.
   *
   * @param fill the checkpoint age over the redo capacity; NaN when unknown (never held)
   * @param othersWrite whether any session but ghostflink's changes rows ({@link OtherWriters});
   *     when none does, nobody waits on the flush and the copy is not held
   * @param limit the ratio in force; 0 turns the hold off
   * @param now when the reading was taken ({@link System#nanoTime()})
   * @param lookaheadNanos how long the copy goes on writing after a hold is decided
   * @return true when this reading starts a hold
   */
  boolean update(double fill, boolean othersWrite, double limit, long now, long lookaheadNanos) {
    risePerSecond = rise(fill, now);
    this.fill = fill;
    boolean was = held;
    // NaN compares false: never held
    over = limit > 0 && predicted(lookaheadNanos) > limit;
    held = over && othersWrite;
    if (held && !was) {
      holds++;
      return true;
    }
    return false;
  }

  // per second, from the newest reading at least a span old; 0 until one is
  private double rise(double fill, long now) {
    if (Double.isNaN(fill)) {
      readings.clear();
      return 0;
    }
    if (readings.size() > 0
        && (now <= readings.lastNanos() || now - readings.lastNanos() >= STALE_NANOS)) {
      readings.clear();
    }
    readings.add(now, fill);
    long span = now - readings.baseNanos();
    return span >= SPAN_NANOS && span < STALE_NANOS
        ? Math.max(0, (fill - readings.base()) * 1e9 / span)
        : 0;
  }

  private double predicted(long lookaheadNanos) {
    return fill + risePerSecond * lookaheadNanos / 1e9;
  }

  boolean held() {
    return held;
  }

  /** Whether the redo log is over the limit (held or not: held only while others write). */
  boolean over() {
    return over;
  }

  /** The fill as last read (NaN: unknown). */
  double fill() {
    return fill;
  }

  /** How many holds started. */
  long holds() {
    return holds;
  }
}
