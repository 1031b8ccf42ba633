package io.ghostflink.operators.copy;

import java.io.Serializable;
import java.time.Duration;

/**
 * How many rows a copy chunk takes: {@code firstSize} rows, and with a {@code targetTime} the size
 * then follows the measured time of the last chunks so each takes about that long, between {@code
 * minSize} and {@code maxSize} rows (Spirit's target chunk time). A zero target keeps every chunk
 * at {@code firstSize} (gh-ost's fixed chunk size). Once no other session has changed a row on the
 * server for a while ({@link OtherWriters#silent}), adaptive chunks aim at {@code quietTime} where
 * it is longer ({@code --quiet-chunk-time}): then nobody waits on the copy's commits, and each
 * chunk's marks and commit cost a reader time that longer chunks spread (docs/benchmarks.md,
 * sessions 19 and 22).
 */
public record ChunkSizing(
    int firstSize, Duration targetTime, int minSize, int maxSize, Duration quietTime)
    implements Serializable {
  /** Fewest rows an adaptive chunk takes: below this the marks and commits dominate. */
  public static final int MIN_ROWS = 100;

  /** Most rows an adaptive chunk takes: one transaction of the ghost's binlog stays small. */
  public static final int MAX_ROWS = 100_000;

  public ChunkSizing {
    if (firstSize < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1");
    }
    if (targetTime.isNegative()) {
      throw new IllegalArgumentException("chunk time must not be negative");
    }
    if (minSize < 1 || maxSize < minSize) {
      throw new IllegalArgumentException("chunk size bounds must satisfy 1 <= min <= max");
    }
    if (quietTime == null) {
      quietTime = Duration.ZERO;
    }
    if (quietTime.isNegative()) {
      throw new IllegalArgumentException("quiet chunk time must not be negative");
    }
  }

  /** Every chunk {@code size} rows. */
  public static ChunkSizing fixed(int size) {
    return new ChunkSizing(size, Duration.ZERO, size, size, Duration.ZERO);
  }

  /** Chunks of about {@code target} each, starting at {@code firstSize} rows. */
  public static ChunkSizing adaptive(int firstSize, Duration target) {
    return adaptive(firstSize, target, Duration.ZERO);
  }

  /**
   * Chunks of about {@code target} each, starting at {@code firstSize} rows, and of about {@code
   * quiet} while no other session changes rows on the server (zero: {@code target} then too).
   */
  public static ChunkSizing adaptive(int firstSize, Duration target, Duration quiet) {
    int first = Math.max(MIN_ROWS, Math.min(MAX_ROWS, firstSize));
    return new ChunkSizing(first, target, MIN_ROWS, MAX_ROWS, quiet);
  }

  public boolean isAdaptive() {
    return !targetTime.isZero();
  }

  /**
   * This sizing while no other session changes rows: adaptive chunks aim at {@code quiet} where it
   * is longer than their target; fixed chunks stay as they are.
   */
  public ChunkSizing whileQuiet(Duration quiet) {
    return isAdaptive() && quiet.compareTo(targetTime) > 0
        ? new ChunkSizing(firstSize, quiet, minSize, maxSize, quiet)
        : this;
  }

  /** How this sizing reads in a log line or a status. */
  public String describe() {
    if (!isAdaptive()) {
      return "chunks of " + firstSize + " rows";
    }
    String quiet =
        quietTime.compareTo(targetTime) > 0
            ? ", " + quietTime.toMillis() + " ms once no other session has written for 10 s"
            : "";
    return "chunks of about "
        + targetTime.toMillis()
        + " ms"
        + quiet
        + " ("
        + minSize
        + ".."
        + maxSize
        + " rows)";
  }
}
