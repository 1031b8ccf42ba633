package io.ghostflink.operators.copy;

/**
 * Whether a new chunk may start, from successive readings of how busy the machine MySQL shares with
 * the copy's planner is ({@link MachineCpu}): no while other sessions write and the machine is
 * busier than the limit. A hold lasts at most {@link #MAX_HOLD_NANOS}; then one reading lets the
 * waiting readers take a chunk each, so a machine kept busy by something else slows the copy down
 * but never stops it.
 */
final class CpuHold {
  static final long MAX_HOLD_NANOS = 1_000_000_000L;

  private boolean held;
  private long since;
  private double busy = Double.NaN;
  private long holds;

  /**
   * Takes one reading.
   *
   * @param busy the machine's busy share over the last quarter second; NaN when unknown (never
   *     held)
   * @param othersWrite whether any session but ghostflink's changes rows ({@link OtherWriters})
   * @param limit the ratio in force; 0 turns the hold off
   * @param now when the reading was taken ({@link System#nanoTime()})
   * @return true when this reading starts a hold
   */
  boolean update(double busy, boolean othersWrite, double limit, long now) {
    this.busy = busy;
    boolean over = limit > 0 && busy > limit && othersWrite; // NaN compares false
    if (!over) {
      held = false;
      return false;
    }
    if (held) {
      if (now - since >= MAX_HOLD_NANOS) {
        held = false; // one reading's pass: each waiting reader takes a chunk
      }
      return false;
    }
    held = true;
    since = now;
    holds++;
    return true;
  }

  boolean held() {
    return held;
  }

  /** The busy share as last read (NaN: unknown). */
  double busy() {
    return busy;
  }

  /** How many holds started. */
  long holds() {
    return holds;
  }
}
