package io.ghostflink.operators.copy;

import java.util.List;

/**
 * The copy enumerator's checkpointed state: where the next chunk starts, whether the key range is
 * exhausted, and chunks handed back by failed readers that still need copying.
 */
public record ChunkCursor(
    long nextId, byte[][] nextLower, boolean exhausted, List<Chunk> returned) {
  public ChunkCursor {
    returned = List.copyOf(returned);
  }

  public static ChunkCursor start() {
    return new ChunkCursor(0, null, false, List.of());
  }
}
