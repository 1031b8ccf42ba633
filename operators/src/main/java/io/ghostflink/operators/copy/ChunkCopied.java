package io.ghostflink.operators.copy;

/** A chunk the copy finished, and how many rows it read ({@link ChunkCopy#copy}). A Flink POJO. */
public class ChunkCopied {
  public long chunk;
  public long rows;

  public ChunkCopied() {}

  public ChunkCopied(long chunk, long rows) {
    this.chunk = chunk;
    this.rows = rows;
  }
}
