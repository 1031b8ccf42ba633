package io.ghostflink.operators.copy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy this machine's CPUs are, from Linux's {@code /proc/stat}: the share of all cores' time
 * that was not idle over about the last {@link #WINDOW_NANOS}. It says something about MySQL only
 * where MySQL runs on the machine that reads it: a server at a loopback address, read by the copy's
 * planner in the job's coordinator (the embedded Flink of a laptop or of a migration run on the
 * database host). Near the machine's capacity the writers' latency follows its CPU, not anything
 * MySQL counts: between two statements a session waits for a core, and no statement timer shows
 * that (docs/benchmarks.md, session 15).
 */
final class MachineCpu {
  static final long WINDOW_NANOS = 250_000_000L;
  private static final Path STAT = Path.of("/proc/stat");

  private final Path stat;
  // {busy ticks, all ticks} at each reading, spanning at least the window once read enough
  private final SpanReadings<long[]> readings = new SpanReadings<>(WINDOW_NANOS);
  private boolean unreadable;

  MachineCpu() {
    this(STAT);
  }

  MachineCpu(Path stat) {
    this.stat = stat;
  }

  /** Whether {@code host} is this machine: a loopback name or address. */
  static boolean local(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Reads the counters at {@code now}: the busy share since the oldest reading kept within the
   * window (the one just outside it, so the span is at least the window once there is one); NaN
   * before two readings, or where {@code /proc/stat} cannot be read.
   */
  double busy(long now) {
    if (unreadable) {
      return Double.NaN;
    }
    long[] ticks;
    try {
      ticks = parse(Files.readAllLines(stat).get(0));
    } catch (IOException | RuntimeException e) {
      unreadable = true; // not Linux, or no /proc: never read again
      return Double.NaN;
    }
    // keeps one reading at or before the window's start, drops the older ones
    readings.add(now, ticks);
    long[] first = readings.base();
    long all = ticks[1] - first[1];
    return readings.size() < 2 || all <= 0 ? Double.NaN : (double) (ticks[0] - first[0]) / all;
  }

  // "cpu  user nice system idle iowait irq softirq steal ...": {busy, all} ticks
  static long[] parse(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu") || f.length < 5) {
      throw new IllegalArgumentException("not /proc/stat's first line: " + cpuLine);
    }
    long all = 0;
    // guest time is counted within user time already
    for (int i = 1; i < Math.min(f.length, 9); i++) {
      all += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new long[] {all - idle, all};
  }
}
