package io.ghostflink.operators.copy;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One key range of the original table to copy: keys after {@code lower} (exclusive) up to {@code
 * upper} (inclusive); a null bound is open.
 */
public record Chunk(long id, byte[][] lower, byte[][] upper) implements SourceSplit {
  @Override
  public String splitId() {
    return Long.toString(id);
  }
}
