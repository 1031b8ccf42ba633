package io.ghostflink.operators.copy;

import org.apache.flink.api.connector.source.SourceEvent;

/** A reader tells the planner how long chunk {@code id} took to copy, for {@link ChunkSizer}. */
record ChunkTimed(long id, long nanos) implements SourceEvent {}
