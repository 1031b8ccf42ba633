package io.ghostflink.operators.copy;

import io.ghostflink.operators.JobMetrics;
import io.ghostflink.operators.jdbc.RowRefusedException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Copies the chunks it is assigned, one at a time, asking for the next one while it copies. A chunk
 * is done when its INSERT … SELECT returned; unfinished chunks are its checkpointed state. With a
 * nice ratio (gh-ost's {@code --nice-ratio}, {@link CopyPace}), it rests that many times a chunk's
 * time before it starts the next, without holding the task's thread.
 */
final class ChunkCopyReader implements SourceReader<ChunkCopied, Chunk> {
  private final SourceReaderContext context;
  private final ChunkCopy copier;
  private final Deque<Chunk> assigned = new ArrayDeque<>();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private boolean noMoreChunks;
  private boolean requested;
  private volatile double niceRatio;
  private final ReaderRest rest = new ReaderRest();
  private CompletableFuture<Void> rested;

  /** Rows this reader copied, for the platform's dashboards ({@link JobMetrics}). */
  private final org.apache.flink.metrics.Counter rowsCopied;

  private final org.apache.flink.metrics.Counter chunksCopied;
  private volatile long lastChunkMillis;

  ChunkCopyReader(SourceReaderContext context, CopySpec spec) {
    this.context = context;
    this.copier = ChunkCopy.of(spec);
    this.niceRatio = spec.niceRatio();
    org.apache.flink.metrics.MetricGroup metrics = JobMetrics.group(context.metricGroup());
    this.rowsCopied = metrics.counter(JobMetrics.ROWS_COPIED);
    this.chunksCopied = metrics.counter(JobMetrics.CHUNKS_COPIED);
    metrics.gauge(JobMetrics.LAST_CHUNK_MILLIS, () -> lastChunkMillis);
  }

  @Override
  public void start() {
    try {
      copier.open();
    } catch (SQLException e) {
      throw new IllegalStateException("row copy cannot connect: " + e.getMessage(), e);
    }
    request();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<ChunkCopied> output) throws Exception {
    Chunk chunk = assigned.peek();
    if (chunk == null) {
      return noMoreChunks ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }
    if (rest.left(System.nanoTime()) > 0) {
      return InputStatus.NOTHING_AVAILABLE; // isAvailable() completes when the rest is over
    }
    if (assigned.size() == 1) {
      request(); // the next chunk travels while this one copies
    }
    long rows;
    long started = System.nanoTime();
    try {
      rows = copier.copy(chunk);
    } catch (RowRefusedException e) {
      // the same rows come back after any restart: fail the job at once, naming the row
      throw new SuppressRestartsException(e);
    }
    assigned.poll();
    long took = System.nanoTime() - started;
    rowsCopied.inc(rows);
    chunksCopied.inc();
    lastChunkMillis = took / 1_000_000;
    rest.after(took, niceRatio, System.nanoTime());
    context.sendSourceEventToCoordinator(new ChunkTimed(chunk.id(), took));
    output.collect(new ChunkCopied(chunk.id(), rows));
    return InputStatus.MORE_AVAILABLE;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    long left = rest.left(System.nanoTime());
    if (left > 0 && !assigned.isEmpty()) {
      if (rested == null || rested.isDone()) {
        rested = new CompletableFuture<>();
        CompletableFuture<Void> done = rested;
        CompletableFuture.delayedExecutor(left, java.util.concurrent.TimeUnit.NANOSECONDS)
            .execute(() -> done.complete(null));
      }
      return rested;
    }
    if (!assigned.isEmpty() || noMoreChunks) {
      return CompletableFuture.completedFuture(null);
    }
    if (available.isDone()) {
      available = new CompletableFuture<>();
    }
    return available;
  }

  @Override
  public void addSplits(List<Chunk> splits) {
    assigned.addAll(splits);
    requested = false;
    available.complete(null);
  }

  @Override
  public void handleSourceEvents(org.apache.flink.api.connector.source.SourceEvent event) {
    if (event instanceof CopyPace pace) {
      niceRatio = pace.niceRatio();
      if (pace.niceRatio() == 0) {
        rest.end(); // a rest under way ends now
        if (rested != null) {
          rested.complete(null);
        }
      }
    }
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreChunks = true;
    available.complete(null);
  }

  @Override
  public List<Chunk> snapshotState(long checkpointId) {
    return List.copyOf(assigned);
  }

  private void request() {
    if (!requested && !noMoreChunks) {
      requested = true;
      context.sendSplitRequest();
    }
  }

  @Override
  public void close() {
    copier.close();
  }
}
