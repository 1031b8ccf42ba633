package io.ghostflink.operators.copy;

import java.io.Serializable;
import java.time.Duration;

/**
 * How many rows a copy chunk takes: {@code firstSize} rows, and with a {@code targetTime} the size
 * then follows the measured time of the last chunks so each takes about that long, between {@code
 * minSize} and {@code maxSize} rows (Spirit's target chunk time). A zero target keeps every chunk
 * at {@code firstSize} (gh-ost's fixed chunk size).
 */
public record ChunkSizing(int firstSize, Duration targetTime, int minSize, int maxSize)
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
  }

  /** Every chunk {@code size} rows. */
  public static ChunkSizing fixed(int size) {
    return new ChunkSizing(size, Duration.ZERO, size, size);
  }

  /** Chunks of about {@code target} each, starting at {@code firstSize} rows. */
  public static ChunkSizing adaptive(int firstSize, Duration target) {
    int first = Math.max(MIN_ROWS, Math.min(MAX_ROWS, firstSize));
    return new ChunkSizing(first, target, MIN_ROWS, MAX_ROWS);
  }

  public boolean isAdaptive() {
    return !targetTime.isZero();
  }

  /** How this sizing reads in a log line or a status. */
  public String describe() {
    return isAdaptive()
        ? "chunks of about " + targetTime.toMillis() + " ms (" + minSize + ".." + maxSize + " rows)"
        : "chunks of " + firstSize + " rows";
  }
}
