package io.ghostflink.operators.copy;

import java.util.List;

/**
 * The copy enumerator's checkpointed state: the id of the next chunk, the key ranges still to plan
 * ({@link Lane}s, each with where its next chunk starts), and chunks handed back by failed readers
 * that still need copying.
 */
public record ChunkCursor(long nextId, List<Lane> lanes, List<Chunk> returned) {
  public ChunkCursor {
    lanes = List.copyOf(lanes);
    returned = List.copyOf(returned);
  }

  /** One lane over the whole key range: the state of a build that planned in one lane only. */
  public ChunkCursor(long nextId, byte[][] nextLower, boolean exhausted, List<Chunk> returned) {
    this(nextId, List.of(new Lane(nextLower, null, exhausted)), returned);
  }

  public static ChunkCursor start() {
    return new ChunkCursor(0, null, false, List.of());
  }

  /** Whether every lane is planned to its end. */
  public boolean exhausted() {
    return lanes.stream().allMatch(Lane::exhausted);
  }

  /**
   * One key range that chunks are planned along, in key order: keys after {@code nextLower} up to
   * {@code upper} (inclusive) are still to plan; a null bound is open.
   */
  public record Lane(byte[][] nextLower, byte[][] upper, boolean exhausted) {}
}
