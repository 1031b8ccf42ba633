package io.ghostflink.job;

import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.io.Serializable;

/**
 * One more table a job carries beside its first (a move of several tables, cut over together): what
 * {@link JobSpec} says of its first table, for this one.
 *
 * @param original the table on the source
 * @param ghost the table the job writes it into
 * @param schema its columns and key
 * @param mapping which original column fills each written column
 * @param ghostKey how a row is found in the written table
 */
public record MovedTable(
    TableRef original, TableRef ghost, TableSchema schema, ColumnMapping mapping, GhostKey ghostKey)
    implements Serializable {}
