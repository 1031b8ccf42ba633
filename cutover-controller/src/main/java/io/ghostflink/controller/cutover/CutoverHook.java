package io.ghostflink.controller.cutover;

/**
 * Called before each cut-over step, with the MySQL connection ids of the cut-over's sessions (0
 * while a session is not open). No-op in production; tests use it to fail a step on purpose.
 */
@FunctionalInterface
public interface CutoverHook {
  CutoverHook NONE = (step, attempt, sessions) -> {};

  void beforeStep(CutoverStep step, int attempt, Sessions sessions) throws Exception;

  /** Called before each step of a move's cut-over ({@link MoveCutover}) from T1 on. */
  default void beforeMoveStep(MoveCutover.Step step, int attempt) throws Exception {}

  /** The connection ids of session 1 (original locked), 2 (rename) and 3 (ghost locked). */
  record Sessions(long lockOriginal, long rename, long lockGhost) {}
}
