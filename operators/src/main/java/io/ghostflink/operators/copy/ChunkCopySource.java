package io.ghostflink.operators.copy;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The server-side row copy as a parallel, checkpointed, bounded Flink source: its readers have
 * MySQL copy key ranges of the original table into the ghost table, so rows never pass through the
 * JVM. It emits one {@link ChunkCopied} per finished chunk.
 */
public final class ChunkCopySource implements Source<ChunkCopied, Chunk, ChunkCursor> {
  private static final long serialVersionUID = 1L;

  private final CopySpec spec;

  public ChunkCopySource(CopySpec spec) {
    this.spec = spec;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<ChunkCopied, Chunk> createReader(SourceReaderContext context) {
    return new ChunkCopyReader(context, spec);
  }

  @Override
  public SplitEnumerator<Chunk, ChunkCursor> createEnumerator(
      SplitEnumeratorContext<Chunk> context) {
    return new ChunkEnumerator(context, spec, ChunkCursor.start());
  }

  @Override
  public SplitEnumerator<Chunk, ChunkCursor> restoreEnumerator(
      SplitEnumeratorContext<Chunk> context, ChunkCursor cursor) {
    return new ChunkEnumerator(context, spec, cursor);
  }

  @Override
  public SimpleVersionedSerializer<Chunk> getSplitSerializer() {
    return new ChunkSerializers.ChunkSerializer();
  }

  @Override
  public SimpleVersionedSerializer<ChunkCursor> getEnumeratorCheckpointSerializer() {
    return new ChunkSerializers.CursorSerializer();
  }
}
