package io.ghostflink.operators.sink;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.io.Serializable;

/**
 * What the ghost-table sink writes and where.
 *
 * @param target the server holding the ghost and progress tables
 * @param ghost the ghost table
 * @param progress the progress table ("applied through W" per subtask)
 * @param original the original table's columns and key, in the order of {@code ChangeEvent.values}
 * @param mapping which original column fills each ghost column
 * @param ghostKey how a row is found in the ghost table, and its unique keys' meaning
 * @param recheck the recheck table (used when the ghost has risky unique keys)
 * @param runId identifies this run of the job; progress rows of other runs are ignored
 * @param parallelism the sink's parallelism: how many progress rows make the applied point
 * @param startPosition the encoded binlog position the job reads from
 */
public record GhostSinkSpec(
    ServerAddress target,
    TableRef ghost,
    TableRef progress,
    TableSchema original,
    ColumnMapping mapping,
    GhostKey ghostKey,
    TableRef recheck,
    long runId,
    int parallelism,
    long startPosition)
    implements Serializable {}
