package io.debezium.connector.base;

import io.debezium.config.ConfigurationDefaults;
import io.debezium.time.Temporals;
import io.debezium.util.LoggingContext;
import io.debezium.util.ObjectSizeCalculator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * ghostflink's replacement for Debezium 1.9's class of this name: the hand-off between the binlog
 * client's thread (the producer) and Flink CDC's fetcher (the consumer), with the same API and the
 * same batching (a poll returns when a batch is full or the poll interval has passed).
 *
 * <p>Debezium's {@code poll()} waits in whole milliseconds: in the last millisecond of every poll
 * interval the remaining time truncates to 0 and it spins on the clock until the interval ends.
 * With the 10 ms interval the job needs for a short cut-over drain, that was a tenth of a core for
 * the whole migration, idle or not (a profile of a 1M-row copy: 12% of the process's CPU). This one
 * waits in nanoseconds. Like {@code RowDeserializers}, it must come before debezium-core on the
 * class path; {@link #GHOSTFLINK} tells it from Debezium's.
 */
public class ChangeEventQueue<T> implements ChangeEventQueueMetrics {
  /** Read by a test to tell this class from Debezium's. */
  public static final String GHOSTFLINK = "waits in nanoseconds";

  private final Duration pollInterval;
  private final int maxBatchSize;
  private final int maxQueueSize;
  private final long maxQueueSizeInBytes;
  private final Queue<T> queue = new ArrayDeque<>();
  private final Queue<Long> sizesInBytes = new ArrayDeque<>();
  private final Supplier<LoggingContext.PreviousContext> loggingContextSupplier;
  private long currentQueueSizeInBytes;
  private boolean buffering;
  private T bufferedEvent;
  private volatile RuntimeException producerException;

  private ChangeEventQueue(
      Duration pollInterval,
      int maxQueueSize,
      int maxBatchSize,
      Supplier<LoggingContext.PreviousContext> loggingContextSupplier,
      long maxQueueSizeInBytes,
      boolean buffering) {
    this.pollInterval = pollInterval;
    this.maxBatchSize = maxBatchSize;
    this.maxQueueSize = maxQueueSize;
    this.loggingContextSupplier = loggingContextSupplier;
    this.maxQueueSizeInBytes = maxQueueSizeInBytes;
    this.buffering = buffering;
  }

  /** Builds a queue, as Debezium's builder does. */
  public static class Builder<T> {
    private Duration pollInterval;
    private int maxQueueSize;
    private int maxBatchSize;
    private Supplier<LoggingContext.PreviousContext> loggingContextSupplier;
    private long maxQueueSizeInBytes;
    private boolean buffering;

    public Builder<T> pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder<T> maxQueueSize(int maxQueueSize) {
      this.maxQueueSize = maxQueueSize;
      return this;
    }

    public Builder<T> maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    public Builder<T> loggingContextSupplier(
        Supplier<LoggingContext.PreviousContext> loggingContextSupplier) {
      this.loggingContextSupplier = loggingContextSupplier;
      return this;
    }

    public Builder<T> maxQueueSizeInBytes(long maxQueueSizeInBytes) {
      this.maxQueueSizeInBytes = maxQueueSizeInBytes;
      return this;
    }

    public Builder<T> buffering() {
      this.buffering = true;
      return this;
    }

    public ChangeEventQueue<T> build() {
      return new ChangeEventQueue<>(
          pollInterval,
          maxQueueSize,
          maxBatchSize,
          loggingContextSupplier,
          maxQueueSizeInBytes,
          buffering);
    }
  }

  /**
   * Adds a record, waiting while the queue is full. With buffering on, the record is held back
   * until the next one arrives (or {@link #flushBuffer} releases it), so that the last record of a
   * snapshot can still be changed.
   */
  public void enqueue(T record) throws InterruptedException {
    if (record == null) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (buffering) {
      T previous = bufferedEvent;
      bufferedEvent = record;
      if (previous == null) {
        return;
      }
      record = previous;
    }
    doEnqueue(record);
  }

  /** Enqueues the held-back record, changed by {@code recordModifier}. */
  public void flushBuffer(Function<T, T> recordModifier) throws InterruptedException {
    if (!buffering) {
      throw new IllegalStateException("flushBuffer on a queue without buffering");
    }
    if (bufferedEvent != null) {
      doEnqueue(recordModifier.apply(bufferedEvent));
      bufferedEvent = null;
    }
  }

  /** Turns buffering off; the buffer must have been flushed. */
  public void disableBuffering() {
    if (bufferedEvent != null) {
      throw new IllegalStateException("the buffer must be flushed before buffering is disabled");
    }
    buffering = false;
  }

  protected void doEnqueue(T record) throws InterruptedException {
    synchronized (this) {
      while (full()) {
        notifyAll(); // let the consumer drain
        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, pollInterval.toNanos()));
      }
      queue.add(record);
      if (maxQueueSizeInBytes > 0) {
        long size = ObjectSizeCalculator.getObjectSize(record);
        sizesInBytes.add(size);
        currentQueueSizeInBytes += size;
      }
      if (queue.size() >= maxBatchSize || full()) {
        notifyAll();
      }
    }
  }

  private boolean full() {
    return queue.size() >= maxQueueSize
        || (maxQueueSizeInBytes > 0 && currentQueueSizeInBytes >= maxQueueSizeInBytes);
  }

  /**
   * Returns the records queued, once a batch is full or the poll interval has passed (then possibly
   * none).
   */
  public List<T> poll() throws InterruptedException {
    LoggingContext.PreviousContext previousContext = loggingContextSupplier.get();
    try {
      long deadline =
          System.nanoTime()
              + Temporals.min(pollInterval, ConfigurationDefaults.RETURN_CONTROL_INTERVAL)
                  .toNanos();
      synchronized (this) {
        List<T> records = new ArrayList<>(Math.min(maxBatchSize, queue.size()));
        while (drainRecords(records, maxBatchSize - records.size()) < maxBatchSize
            && (maxQueueSizeInBytes == 0 || currentQueueSizeInBytes < maxQueueSizeInBytes)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          throwProducerExceptionIfPresent();
          notifyAll(); // a producer waiting for room
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        notifyAll();
        return records;
      }
    } finally {
      previousContext.restore();
    }
  }

  private long drainRecords(List<T> records, int max) {
    int n = Math.min(max, queue.size());
    for (int i = 0; i < n; i++) {
      records.add(queue.poll());
      if (maxQueueSizeInBytes > 0) {
        currentQueueSizeInBytes -= sizesInBytes.poll();
      }
    }
    return records.size();
  }

  /** Hands the producer's failure to the consumer, which throws it at its next empty poll. */
  public void producerException(RuntimeException producerException) {
    this.producerException = producerException;
  }

  private void throwProducerExceptionIfPresent() {
    if (producerException != null) {
      throw producerException;
    }
  }

  @Override
  public int totalCapacity() {
    return maxQueueSize;
  }

  @Override
  public int remainingCapacity() {
    synchronized (this) {
      return maxQueueSize - queue.size();
    }
  }

  @Override
  public long maxQueueSizeInBytes() {
    return maxQueueSizeInBytes;
  }

  @Override
  public long currentQueueSizeInBytes() {
    synchronized (this) {
      return currentQueueSizeInBytes;
    }
  }
}
