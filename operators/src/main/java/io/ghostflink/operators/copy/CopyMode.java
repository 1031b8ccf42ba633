package io.ghostflink.operators.copy;

import java.util.Locale;

/** How the job copies rows (both between a low and a high mark; see {@link ChunkCopy}). */
public enum CopyMode {
  /**
   * MySQL copies each chunk itself ({@code INSERT IGNORE … SELECT}, a consistent read): cheap in
   * CPU, but only within one server.
   */
  SERVER,
  /**
   * The job reads each chunk (a consistent {@code SELECT}) and writes its rows into the ghost table
   * with multi-row inserts: the per-row work runs in Flink, and the ghost table may be on another
   * server.
   */
  STREAM;

  /** The mode's name as the {@code --copy} flag takes it. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code flag} ({@code server}, {@code stream}). */
  public static CopyMode ofFlag(String flag) {
    for (CopyMode m : values()) {
      if (m.flag().equals(flag)) {
        return m;
      }
    }
    throw new IllegalArgumentException("--copy must be server or stream, not '" + flag + "'");
  }
}
