package io.ghostflink.operators.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Whether a new chunk may start, from what the application's writers feel: the mean time of the
 * statements they wait on (writes and commits, run by sessions other than ghostflink's; {@link
 * RedoGauge.Reading}) over the last {@link #WINDOW_NANOS}, against what it was without the copy.
 *
 * <p>Near the server's capacity the copy takes the CPU the writers need, and their statements take
 * longer before any queue forms in the application; the controller's heartbeat commits, mostly an
 * fsync, do not show it (docs/benchmarks.md, near capacity). Checked by the copy's planner at every
 * reading of other sessions' figures (every 250 ms).
 *
 * <p>The baseline is measured with the copy held: for {@link #HOLD} when writers are first seen,
 * and again at the end of every hold (after {@link #SETTLE}, when the chunks in flight have ended).
 * So a server that got busier for other reasons gets a new baseline instead of holding the copy for
 * good: the copy always goes on, as fast as the writers leave room for. While the copy is held for
 * another reason (the throttle, the redo log), what the writers' statements take then lowers the
 * baseline when it is less: the first one is measured while ghostflink itself is starting, which
 * near the server's capacity already slows the writers. A hold needs two readings in a row over the
 * limit: one reading's window (half a second) is short, and a single slow statement moves it.
 */
public final class LatencyHold {
  /** The window the statements' mean time is taken over. */
  static final long WINDOW_NANOS = 500_000_000L;

  /** How long one hold lasts. */
  static final long HOLD = 1_000_000_000L;

  /** The part of a hold before its statements count toward the new baseline. */
  static final long SETTLE = 350_000_000L;

  /** Fewer statements than this in a window say nothing about their time. */
  static final long MIN_STATEMENTS = 20;

  /** A rise under this is noise, whatever the ratio. */
  static final double MIN_EXCESS_MS = 0.5;

  /** Whether {@code ratio} is a {@code --max-commit-latency-ratio}: over 1, or 0 (off). */
  public static boolean isRatio(double ratio) {
    return ratio == 0 || ratio > 1;
  }

  /**
   * An operator's {@code max-commit-latency-ratio=} value; empty when blank, not a number, or not
   * {@link #isRatio a ratio}.
   */
  public static OptionalDouble ratio(String value) {
    return CopyControls.number(value, LatencyHold::isRatio);
  }

  // (nanos, statements, picos) readings, oldest first
  private final Deque<long[]> readings = new ArrayDeque<>();
  private double baselineMs = Double.NaN;
  private long holdingSince = Long.MIN_VALUE;
  private long heldElsewhereSince = Long.MIN_VALUE;
  private boolean measuring;
  private int over;
  private String reason = "";
  private long holds;
  private double lastMeanMs = Double.NaN;

  /**
   * Takes one reading.
   *
   * @param statements the statements other sessions ran in all (negative: unknown, never held)
   * @param picos their time in all, in picoseconds
   * @param ratio hold while their mean time is over this many times the baseline (0: never)
   * @param now when the reading was taken ({@link System#nanoTime()})
   * @param heldElsewhere whether no new chunk starts for another reason
   * @return true when this reading starts a hold
   */
  boolean update(long statements, long picos, double ratio, long now, boolean heldElsewhere) {
    if (statements < 0 || picos < 0 || ratio <= 0) {
      readings.clear();
      holdingSince = Long.MIN_VALUE;
      heldElsewhereSince = Long.MIN_VALUE;
      over = 0;
      reason = "";
      return false;
    }
    readings.addLast(new long[] {now, statements, picos});
    while (readings.size() > 2 && readings.peekFirst()[0] < now - HOLD) {
      readings.removeFirst();
    }
    if (holdingSince != Long.MIN_VALUE) {
      if (now - holdingSince < HOLD) {
        return false;
      }
      double without = meanSince(holdingSince + SETTLE);
      if (!Double.isNaN(without)) {
        baselineMs = without;
      }
      holdingSince = Long.MIN_VALUE;
      measuring = false;
      reason = "";
      over = 0;
      return false;
    }
    if (!heldElsewhere) {
      heldElsewhereSince = Long.MIN_VALUE;
    } else if (heldElsewhereSince == Long.MIN_VALUE) {
      heldElsewhereSince = now;
    } else if (now - heldElsewhereSince >= SETTLE + WINDOW_NANOS && !Double.isNaN(baselineMs)) {
      double without = meanSince(now - WINDOW_NANOS);
      if (without < baselineMs) {
        baselineMs = without;
      }
    }
    double recent = meanSince(now - WINDOW_NANOS);
    lastMeanMs = recent;
    if (Double.isNaN(recent)) {
      over = 0;
      return false; // too few statements: nobody much to protect
    }
    if (Double.isNaN(baselineMs)) {
      holdingSince = now;
      measuring = true;
      reason = "measuring how long other sessions' writes take without the copy";
      holds++;
      return true;
    }
    if (recent > ratio * baselineMs && recent - baselineMs > MIN_EXCESS_MS) {
      over++;
    } else {
      over = 0;
    }
    if (over < 2) {
      return false;
    }
    holdingSince = now;
    holds++;
    reason =
        String.format(
            Locale.ROOT,
            "other sessions' writes take %.2f ms, over %s × the %.2f ms they took without the copy",
            recent,
            ratio,
            baselineMs);
    return true;
  }

  // the mean statement time over the readings since `from`, against the last reading before it
  private double meanSince(long from) {
    long[] first = null;
    for (long[] r : readings) {
      if (first == null || r[0] <= from) {
        first = r;
      }
    }
    long[] last = readings.peekLast();
    long statements = last[1] - first[1];
    long picos = last[2] - first[2];
    if (statements < MIN_STATEMENTS || picos < 0) {
      return Double.NaN;
    }
    return picos / 1e9 / statements;
  }

  boolean held() {
    return holdingSince != Long.MIN_VALUE;
  }

  /** Whether the hold measures the baseline rather than holding for a rise. */
  boolean measuring() {
    return measuring && held();
  }

  /** Why the copy is held ("" when it is not). */
  String reason() {
    return held() ? reason : "";
  }

  /** How many holds started. */
  long holds() {
    return holds;
  }

  /** Other sessions' mean statement time over the window, as last read outside a hold (ms). */
  double lastMeanMs() {
    return lastMeanMs;
  }

  /** The baseline in milliseconds (NaN before the first). */
  double baselineMs() {
    return baselineMs;
  }
}
