package io.ghostflink.controller.cutover;

/**
 * The same-server atomic cut-over (seeds 002, 004), its steps in order. docs/cut-over.md says why
 * each one is there.
 */
public enum CutoverStep {
  /** Creates the magic table {@code _t_del}, then session 1 locks the original and it. */
  LOCK_ORIGINAL_AND_MAGIC,
  /** Session 1 reads the binlog position; no change to the original can come after it. */
  READ_DRAIN_POINT,
  /** Waits until the job's applied point reaches the drain point, within the lock timeout. */
  AWAIT_DRAIN,
  /** Session 3 locks the ghost table, then the applied point is read again (seed 002). */
  LOCK_GHOST,
  /** Session 2 issues the swap; it blocks on the locks of sessions 1 and 3. */
  ISSUE_BLOCKING_RENAME,
  /** Waits until the server shows the RENAME waiting on a metadata lock. */
  AWAIT_RENAME_BLOCKED,
  /** Session 1 drops the magic table: from here the RENAME can succeed. */
  DROP_MAGIC,
  /** Session 3 unlocks the ghost, session 1 the original; the RENAME runs, atomically. */
  UNLOCK_GHOST_THEN_ORIGINAL,
  /** The RENAME's result, or after a lost connection, the server's tables, decide the outcome. */
  VERIFY_SWAPPED;

  /** "3/9": this step's number among all steps. */
  public String number() {
    return (ordinal() + 1) + "/" + values().length;
  }
}
