package io.ghostflink.operators.copy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The size of the next chunk, from the time the last chunks took (a {@link ChunkSizing} with a
 * target time): the slowest rate of the last {@value #WINDOW} chunks times the target, at most
 * twice the current size, so the size grows step by step and shrinks at once. A chunk that takes
 * {@value #PANIC_FACTOR} times the target sets the size from its own rate alone. Rates are rows per
 * nanosecond of one reader: readers copy side by side, each chunk is timed by the reader that
 * copied it.
 */
final class ChunkSizer {
  static final int WINDOW = 10;
  static final int PANIC_FACTOR = 4;

  private ChunkSizing sizing;
  private long targetNanos;
  private final Map<Long, Integer> planned = new HashMap<>();
  private final Deque<Double> rates = new ArrayDeque<>();
  private int size;

  ChunkSizer(ChunkSizing sizing) {
    this.sizing = sizing;
    this.targetNanos = sizing.targetTime().toNanos();
    this.size = sizing.firstSize();
  }

  /**
   * Sizes chunks by {@code next} from now on (an operator's runtime setting, or the quiet target
   * once no other session has written for a while): a longer target time grows from the current
   * size as the chunks' times come in, a shorter one scales the current size down at once (a writer
   * that just started should not wait for the next chunk to be timed), a fixed size takes over at
   * once. The chunks' rates stay: they do not depend on the target.
   */
  void use(ChunkSizing next) {
    boolean same =
        next.isAdaptive()
            ? sizing.isAdaptive() && next.targetTime().equals(sizing.targetTime())
            : next.equals(sizing);
    if (same) {
      return;
    }
    long was = sizing.isAdaptive() ? targetNanos : 0;
    sizing = next;
    targetNanos = next.targetTime().toNanos();
    if (!next.isAdaptive()) {
      rates.clear();
      size = next.firstSize();
    } else if (was > targetNanos) {
      size = clamp((double) size * targetNanos / was);
    } else {
      size = clamp(size);
    }
  }

  ChunkSizing sizing() {
    return sizing;
  }

  /** Rows the next chunk takes. */
  int size() {
    return size;
  }

  /** Chunk {@code id} was planned with {@code rows} rows. */
  void planned(long id, int rows) {
    if (sizing.isAdaptive()) {
      planned.put(id, rows);
    }
  }

  /**
   * Chunk {@code id} took {@code nanos} to copy. Chunks planned before a restart are unknown here
   * and do not count.
   */
  void copied(long id, long nanos) {
    Integer rows = planned.remove(id);
    if (rows == null || nanos <= 0) {
      return;
    }
    double rate = (double) rows / nanos;
    rates.addLast(rate);
    if (rates.size() > WINDOW) {
      rates.removeFirst();
    }
    if (nanos > PANIC_FACTOR * targetNanos) {
      size = clamp(rate * targetNanos);
      rates.clear();
      rates.addLast(rate);
      return;
    }
    double slowest = rates.stream().mapToDouble(Double::doubleValue).min().orElse(rate);
    size = clamp(Math.min(slowest * targetNanos, 2.0 * size));
  }

  private int clamp(double rows) {
    return (int) Math.max(sizing.minSize(), Math.min(sizing.maxSize(), Math.round(rows)));
  }
}
