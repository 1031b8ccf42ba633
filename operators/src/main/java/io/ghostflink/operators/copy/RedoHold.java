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
  /**
   * The limit while another session changes a row now and then, too rarely to count as writing
   * ({@link OtherWriters#ROWS} a second) but not silent either ({@link OtherWriters#silent}), when
   * the operator's ratio is lower. Such a writer meets few of the waits of InnoDB's hard flushing
   * (from 77.5%) but each of its commits in the synchronous flush past 83% waited 100–160 ms on the
   * writers bench; held here, a writer of a row every 0.4 s met at most 5–22 ms while the copy kept
   * 44–63k rows/s (35–37k at the default ratio 0.7).
   */
  static final double RARE_WRITERS_LIMIT = 0.8;

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
   * @param othersWrite whether any session but ghostflink's has changed rows lately ({@link
   *     OtherWriters#silent}); when none has, nobody waits on the flush and the copy is not held
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

  /** Whether the redo log is over the limit (held or not: not while the server is silent). */
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
