package io.ghostflink.job;

import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.copy.CopySpec;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sink.GhostSinkSpec;
import java.io.Serializable;

/**
 * Everything one migration job needs, decided by the controller: where the original table and its
 * binlog live (source), where the ghost table is written (target; the same server for an ALTER),
 * the schemas, and the tuning. Serializable, so the same job can be submitted to a cluster.
 *
 * @param primary the server the changelog is written on (heartbeats, the copy's marks): the source
 *     itself, or the primary of a replica {@code source}
 * @param source the server the job reads the original's rows and the binlog from
 * @param target the server holding the ghost and progress tables
 * @param original the table being migrated; its changelog, progress and recheck names derive from
 *     it
 * @param ghost the table the job writes: {@code _t_gho} beside the original for an ALTER, the table
 *     of the same name on the target for a move; the progress and recheck tables live in its
 *     database
 * @param schema the original table's columns and key
 * @param mapping which original column fills each ghost column
 * @param ghostKey how a row is found in the ghost table, and what its unique keys mean
 * @param start where the binlog is read from: taken before the first chunk is copied
 * @param runId identifies this run of the job in the progress table
 * @param parallelism copy readers and sink subtasks
 * @param chunking how many rows each copy chunk takes
 * @param copyRows whether the job copies the rows (false: the binlog only)
 * @param serverIdBase the first of the replication server ids the binlog reader uses
 * @param copyMode how the rows are copied
 * @param copyHook called by a stream copy between a chunk's read and its write (tests only)
 */
public record JobSpec(
    ServerAddress primary,
    ServerAddress source,
    ServerAddress target,
    TableRef original,
    TableRef ghost,
    TableSchema schema,
    ColumnMapping mapping,
    GhostKey ghostKey,
    BinlogPosition start,
    long runId,
    int parallelism,
    ChunkSizing chunking,
    boolean copyRows,
    int serverIdBase,
    CopyMode copyMode,
    CopyHook copyHook)
    implements Serializable {

  public JobSpec {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    if (ghostKey == null) {
      throw new IllegalArgumentException("the ghost key is not planned");
    }
    if (copyMode == CopyMode.SERVER && !source.sameServer(target)) {
      throw new IllegalArgumentException(
          "a server-side copy needs the ghost table on the same server");
    }
  }

  /** "Applied through W" per sink subtask, the copy's progress and the GTID sets, on the target. */
  public TableRef progress() {
    return original.progress().in(ghost.database());
  }

  /** Rows a risky unique key kept out of the ghost table, on the target. */
  public TableRef recheck() {
    return original.recheck().in(ghost.database());
  }

  /** Whether the job moves the table to another server (else it writes a ghost beside it). */
  public boolean isMove() {
    return !primary.sameServer(target);
  }

  /** Whether the job reads a replica of the primary the changelog is written on. */
  public boolean readsReplica() {
    return !primary.sameServer(source);
  }

  GhostSinkSpec sink() {
    return new GhostSinkSpec(
        target,
        ghost,
        progress(),
        schema,
        mapping,
        ghostKey,
        recheck(),
        runId,
        parallelism,
        start.encoded());
  }

  CopySpec copy() {
    return new CopySpec(
        primary,
        source,
        target,
        original,
        ghost,
        original.changelog(),
        schema,
        mapping,
        ghostKey,
        recheck(),
        chunking,
        runId,
        copyMode,
        copyHook);
  }
}
