package io.ghostflink.operators.copy;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Successive readings of a figure, oldest first, kept back to the newest one at least a span old:
 * the base a rate over at least that span is taken from ({@link MachineCpu}, {@link OtherWriters},
 * {@link RedoHold}). Until a reading is that old, the first one is the base.
 *
 * @param <T> what one reading holds
 */
final class SpanReadings<T> {
  private record Reading<T>(long nanos, T value) {}

  private final long spanNanos;
  private final int max;
  private final ArrayDeque<Reading<T>> readings = new ArrayDeque<>();

  /** Readings kept back to the newest one at least {@code spanNanos} old. */
  SpanReadings(long spanNanos) {
    this(spanNanos, Integer.MAX_VALUE);
  }

  /** The same, and at most {@code max} of them (the oldest go first). */
  SpanReadings(long spanNanos, int max) {
    this.spanNanos = spanNanos;
    this.max = max;
  }

  /** Adds the reading taken at {@code now}, and drops those older than the span needs. */
  void add(long now, T value) {
    readings.addLast(new Reading<>(now, value));
    while (readings.size() > max || (readings.size() > 1 && now - second().nanos() >= spanNanos)) {
      readings.removeFirst();
    }
  }

  private Reading<T> second() {
    Iterator<Reading<T>> it = readings.iterator();
    it.next();
    return it.next();
  }

  void clear() {
    readings.clear();
  }

  int size() {
    return readings.size();
  }

  /** The base's value: the newest reading at least a span old, else the first (none: empty). */
  T base() {
    return readings.getFirst().value();
  }

  /** When the base was read. */
  long baseNanos() {
    return readings.getFirst().nanos();
  }

  /** The newest reading's value; null when there is none. */
  T last() {
    return readings.isEmpty() ? null : readings.getLast().value();
  }

  /** When the newest reading was taken; only when there is one. */
  long lastNanos() {
    return readings.getLast().nanos();
  }
}
