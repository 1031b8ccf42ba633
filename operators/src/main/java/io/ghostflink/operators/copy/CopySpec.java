package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.io.Serializable;

/**
 * What the server-side copy copies: the original table into the ghost table on the same server, in
 * chunks of {@code chunkSize} rows along the key.
 */
public record CopySpec(
    ServerAddress server,
    TableRef original,
    TableRef ghost,
    TableSchema schema,
    ColumnMapping mapping,
    int chunkSize)
    implements Serializable {}
