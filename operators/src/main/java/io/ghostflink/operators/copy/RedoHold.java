package io.ghostflink.operators.copy;

/**
 * Whether a new chunk may start, from successive readings of how full the target's redo log is
 * ({@link RedoGauge}): no while the fill, plus what it will still gain before a hold takes effect,
 * is over the limit.
 *
 * <p>The gain is the fill's rise per second over the last two readings times the lookahead: the
 * chunks in flight still write until they end, and the next reading comes a reading interval later.
 * Without it a copy at full speed overshot a hold by 8–10% of a 100 MB redo log on the writers
 * bench, more than the 5% between the point where InnoDB starts flushing hard (77.5% of the
 * capacity) and the one where it stalls every writer (83%).
 */
final class RedoHold {
  // readings further apart than this say nothing about the rise now
  private static final long STALE_NANOS = 1_000_000_000L;

  private double fill = Double.NaN;
  private long nanos;
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
    if (!Double.isNaN(this.fill)
        && !Double.isNaN(fill)
        && now > nanos
        && now - nanos < STALE_NANOS) {
      risePerSecond = Math.max(0, (fill - this.fill) * 1e9 / (now - nanos));
    } else {
      risePerSecond = 0;
    }
    this.fill = fill;
    this.nanos = now;
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
