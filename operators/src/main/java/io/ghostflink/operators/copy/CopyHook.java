package io.ghostflink.operators.copy;

import java.io.Serializable;

/**
 * Called by a stream copy between reading a chunk and writing its rows; no-op in production. Tests
 * use it to write to the original exactly inside that window.
 */
@FunctionalInterface
public interface CopyHook extends Serializable {
  CopyHook NONE = None.INSTANCE;

  void afterRead(long chunkId) throws Exception;

  /** The no-op hook: an enum, so it stays one instance through serialization. */
  enum None implements CopyHook {
    INSTANCE;

    @Override
    public void afterRead(long chunkId) {}
  }
}
