package io.ghostflink.operators.copy;

/**
 * When a copy reader may start its next chunk (gh-ost's nice ratio): after a chunk that took {@code
 * t}, it rests {@code ratio × t}. Times are {@link System#nanoTime()} readings, compared by their
 * difference only, as that clock requires.
 */
final class ReaderRest {
  private boolean resting;
  private long until;

  /** A chunk that took {@code tookNanos} ended at {@code now}; a ratio of 0 sets no rest. */
  void after(long tookNanos, double ratio, long now) {
    if (ratio > 0 && tookNanos > 0) {
      resting = true;
      until = now + (long) (ratio * tookNanos);
    }
  }

  /** Nanoseconds of rest left at {@code now}; 0 when the next chunk may start. */
  long left(long now) {
    if (resting && until - now > 0) {
      return until - now;
    }
    resting = false;
    return 0;
  }

  /** Ends a rest under way (an operator set the ratio to 0). */
  void end() {
    resting = false;
  }
}
