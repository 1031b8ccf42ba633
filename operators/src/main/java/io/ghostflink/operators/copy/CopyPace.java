package io.ghostflink.operators.copy;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * The planner tells a reader the nice ratio in force (the flag's, or an operator's runtime {@code
 * nice-ratio=}): after each chunk, the reader rests that many times the chunk's time.
 */
record CopyPace(double niceRatio) implements SourceEvent {}
