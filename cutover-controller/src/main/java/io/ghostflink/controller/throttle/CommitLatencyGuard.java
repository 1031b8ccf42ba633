package io.ghostflink.controller.throttle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The writers' side of the copy: holds it back while the server's commits are slow. The
 * controller's heartbeat commits one row every 100 ms, as durably as the application's writes (the
 * same binlog, the same fsyncs); how long those commits take is what the application feels too.
 *
 * <p>Before the copy starts, the median heartbeat commit is the baseline. While the copy runs, the
 * median of the last second over {@code ratio} times the baseline (and at least {@link
 * #MIN_EXCESS_MS} over it) holds the copy for {@link #HOLD}. At the end of a hold the baseline
 * becomes what the commits took without the copy (after {@link #SETTLE}), so a server that got
 * busier for other reasons gets a new baseline instead of holding the copy for good: the copy
 * always goes on, as fast as the writers leave room for.
 */
public final class CommitLatencyGuard {
  /** How long one hold lasts; the commits measured in its last part are the new baseline. */
  static final long HOLD = 1_000_000_000L;

  /** A rise under this is noise, whatever the ratio (a 1 ms baseline doubling is not a problem). */
  static final double MIN_EXCESS_MS = 2.0;

  /** The part of a hold before the commits are read: a chunk in flight ends in it. */
  static final long SETTLE = 350_000_000L;

  private static final long WINDOW = 1_000_000_000L;
  private static final int MIN_SAMPLES = 5;
  private static final long KEEP = 10_000_000_000L;

  private final Deque<long[]> samples = new ArrayDeque<>(); // {at, nanos}
  private double baselineMs = Double.NaN;
  private long holdingSince = Long.MIN_VALUE;
  private String reason = "";

  /** One commit of the heartbeat connection, {@code nanos} long, ended at {@code at}. */
  public synchronized void record(long at, long nanos) {
    samples.addLast(new long[] {at, nanos});
    while (!samples.isEmpty() && samples.peekFirst()[0] < at - KEEP) {
      samples.removeFirst();
    }
  }

  /**
   * Why the copy holds back now ("" for not), at {@code now}, holding it while commits take over
   * {@code ratio} times their baseline (0: never); {@code copying} is false before the copy starts
   * and after it is done, when there is nothing to hold.
   */
  public synchronized String check(long now, boolean copying, double ratio) {
    if (copying && ratio == 0) {
      holdingSince = Long.MIN_VALUE;
      return ""; // turned off (at runtime, perhaps): the baseline stays the server without copy
    }
    if (!copying) {
      holdingSince = Long.MIN_VALUE;
      double before = median(Long.MIN_VALUE);
      if (!Double.isNaN(before)) {
        baselineMs = before; // the latest picture of the server without the copy
      }
      return "";
    }
    if (holdingSince != Long.MIN_VALUE) {
      if (now - holdingSince < HOLD) {
        return reason;
      }
      double held = median(holdingSince + SETTLE);
      if (!Double.isNaN(held)) {
        baselineMs = held;
      }
      holdingSince = Long.MIN_VALUE;
      return "";
    }
    if (Double.isNaN(baselineMs)) {
      baselineMs = median(Long.MIN_VALUE); // the commits so far: the job started, the copy did not
    }
    if (Double.isNaN(baselineMs)) {
      // the copy started before enough heartbeats committed: measure without it first
      holdingSince = now;
      reason = "measuring how long commits take without the copy";
      return reason;
    }
    double recent = median(now - WINDOW);
    if (!Double.isNaN(recent)
        && recent > ratio * baselineMs
        && recent - baselineMs > MIN_EXCESS_MS) {
      holdingSince = now;
      reason =
          String.format(
              Locale.ROOT,
              "commits take %.1f ms, over %.1f × the %.1f ms they took without the copy",
              recent,
              ratio,
              baselineMs);
      return reason;
    }
    return "";
  }

  /** The baseline in milliseconds, NaN before the first. */
  public synchronized double baselineMs() {
    return baselineMs;
  }

  // the median commit of the samples since {@code from}; NaN under MIN_SAMPLES of them
  private double median(long from) {
    List<Long> times = new ArrayList<>();
    for (long[] s : samples) {
      if (s[0] >= from) {
        times.add(s[1]);
      }
    }
    if (times.size() < MIN_SAMPLES) {
      return Double.NaN;
    }
    times.sort(null);
    return times.get(times.size() / 2) / 1e6;
  }
}
