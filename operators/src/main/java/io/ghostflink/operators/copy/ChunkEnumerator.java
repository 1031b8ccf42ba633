package io.ghostflink.operators.copy;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out chunks to copy readers on request, finding each chunk's end lazily along the key index,
 * so a table of any size is planned in constant memory.
 */
final class ChunkEnumerator implements SplitEnumerator<Chunk, ChunkCursor> {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkEnumerator.class);

  private final SplitEnumeratorContext<Chunk> context;
  private final ChunkCopier planner;
  private final Deque<Chunk> returned;
  private long nextId;
  private byte[][] nextLower;
  private boolean exhausted;

  ChunkEnumerator(SplitEnumeratorContext<Chunk> context, CopySpec spec, ChunkCursor cursor) {
    this.context = context;
    this.planner = new ChunkCopier(spec);
    this.returned = new ArrayDeque<>(cursor.returned());
    this.nextId = cursor.nextId();
    this.nextLower = cursor.nextLower();
    this.exhausted = cursor.exhausted();
  }

  @Override
  public void start() {
    try {
      planner.open();
    } catch (SQLException e) {
      throw new IllegalStateException("copy planner cannot connect: " + e.getMessage(), e);
    }
  }

  @Override
  public void handleSplitRequest(int subtask, String host) {
    Optional<Chunk> next = next();
    if (next.isPresent()) {
      context.assignSplit(next.get(), subtask);
    } else {
      context.signalNoMoreSplits(subtask);
    }
  }

  private Optional<Chunk> next() {
    if (!returned.isEmpty()) {
      return Optional.of(returned.poll());
    }
    if (exhausted) {
      return Optional.empty();
    }
    try {
      Optional<byte[][]> upper = planner.nextUpperBound(nextLower);
      Chunk chunk = new Chunk(nextId++, nextLower, upper.orElse(null));
      if (upper.isEmpty()) {
        exhausted = true;
        LOG.info("Row copy: last chunk {} planned", chunk.id());
      }
      nextLower = upper.orElse(null);
      return Optional.of(chunk);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot plan the next copy chunk: " + e.getMessage(), e);
    }
  }

  @Override
  public void addSplitsBack(List<Chunk> splits, int subtask) {
    returned.addAll(splits);
  }

  @Override
  public void addReader(int subtask) {
    // readers ask for chunks themselves
  }

  @Override
  public ChunkCursor snapshotState(long checkpointId) {
    return new ChunkCursor(nextId, nextLower, exhausted, List.copyOf(returned));
  }

  @Override
  public void close() {
    planner.close();
  }
}
