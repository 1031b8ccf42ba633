package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.io.Serializable;

/**
 * What the server-side copy copies: the original table into the ghost table on the same server, in
 * chunks of {@code chunkSize} rows along the key; {@code ghostKey} says which duplicate-key
 * conflicts are expected, and rows a risky unique key keeps out go to {@code recheck}.
 */
public record CopySpec(
    ServerAddress server,
    TableRef original,
    TableRef ghost,
    TableSchema schema,
    ColumnMapping mapping,
    GhostKey ghostKey,
    TableRef recheck,
    int chunkSize)
    implements Serializable {}
