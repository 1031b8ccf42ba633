package io.ghostflink.operators.copy;

/**
 * The copy's own nice ratio, learned from the writers' latency: each hold of {@link LatencyHold}
 * (other sessions' writes took too long) raises it, copying without one lowers it. Near the
 * server's capacity a copy that runs at full speed until the writers feel it, and then waits, gives
 * the application bursts of queueing; one that rests after every chunk copies less, evenly
 * (docs/benchmarks.md, "Pacing the copy"). The redo log's holds do not raise it: they come at
 * InnoDB's checkpoint cadence however fast the copy goes.
 *
 * <p>The first hold sets {@link #FIRST}, each further one multiplies by {@link #UP} (at most {@link
 * #MAX}); each {@link #CALM_NANOS} of copying without any hold multiplies by {@link #DOWN}, and
 * under {@link #FLOOR} the copy rests no more. So the ratio settles where a latency hold comes
 * about every 45 s of copying, and a copy whose writers never feel it is never paced. (With a step
 * down every 5 s, one run near capacity was paced down to 0.4 within 40 s without a further hold,
 * and its writers' p95 came to 4.0 times the before: the hold fires late, docs/benchmarks.md.)
 */
final class AutoPace {
  static final double FIRST = 1;
  static final double UP = 2;
  static final double MAX = 4;
  static final double DOWN = 0.8;
  static final double FLOOR = 0.25;
  static final long CALM_NANOS = 15_000_000_000L;

  private double ratio;
  // copying time since the last latency hold or the last step down, and the last reading's time
  // when the copy was not held then
  private long calm;
  private boolean copying;
  private long lastCopying;

  /**
   * One reading of the planner at {@code now}.
   *
   * @param started whether a hold for the writers' latency starts now
   * @param held whether the copy is held now, for any reason: only copying time counts toward the
   *     calm (the redo log's holds come every few seconds, and between two of them the copy does
   *     not run long enough for one step down)
   * @return whether the ratio changed
   */
  boolean update(boolean started, boolean held, long now) {
    if (started) {
      ratio = ratio == 0 ? FIRST : Math.min(MAX, ratio * UP);
      calm = 0;
      copying = false;
      return true;
    }
    if (held) {
      copying = false;
      return false;
    }
    if (copying) {
      calm += now - lastCopying;
    }
    copying = true;
    lastCopying = now;
    if (ratio == 0 || calm < CALM_NANOS) {
      return false;
    }
    calm = 0;
    ratio = ratio * DOWN < FLOOR ? 0 : ratio * DOWN;
    return true;
  }

  /** The rest after each chunk, in multiples of the chunk's time (0: none). */
  double ratio() {
    return ratio;
  }
}
