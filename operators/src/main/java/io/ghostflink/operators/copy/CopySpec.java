package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.io.Serializable;

/**
 * What the copy copies: the original table (and its changelog, where the copy writes its marks) on
 * {@code source} into the ghost table on {@code target}, in chunks along the key sized by {@code
 * sizing}; {@code ghostKey} says which duplicate-key conflicts are expected, and rows a risky
 * unique key keeps out go to {@code recheck}; the marks carry {@code runId}. {@link
 * CopyMode#SERVER} needs {@code source} and {@code target} to be one server. The marks are written
 * on {@code primary}: the source itself, or the primary a replica {@code source} replicates (the
 * copy then waits for each low mark to reach the replica before it reads the chunk there).
 */
public record CopySpec(
    ServerAddress primary,
    ServerAddress source,
    ServerAddress target,
    TableRef original,
    TableRef ghost,
    TableRef changelog,
    TableSchema schema,
    ColumnMapping mapping,
    GhostKey ghostKey,
    TableRef recheck,
    ChunkSizing sizing,
    long runId,
    CopyMode mode,
    CopyHook hook)
    implements Serializable {}
