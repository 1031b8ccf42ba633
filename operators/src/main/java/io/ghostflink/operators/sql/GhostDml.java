package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.Identifiers.quote;
import static io.ghostflink.operators.sql.Identifiers.quoteAll;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import java.util.List;
import java.util.StringJoiner;

/**
 * The statements that write the ghost table and the progress table. Binlog changes are upserts of
 * the full after-image ({@code REPLACE}) and deletes by key; copies never overwrite ({@code INSERT
 * IGNORE}).
 */
public final class GhostDml {
  public static final String TAG = "/* ghostflink */";

  private GhostDml() {}

  /**
   * {@code INSERT IGNORE} of {@code rows} rows of {@code columns}, each value written as its
   * expression: the stream copy's write, which never overwrites. {@code hint}: the statement's
   * optimizer hint ({@code ServerAddress#zoneHint}), or empty.
   */
  public static String insertIgnore(
      TableRef ghost, List<String> columns, List<String> valueExpressions, int rows, String hint) {
    return rows("INSERT " + hint + "IGNORE", ghost, columns, valueExpressions, rows);
  }

  /**
   * The stream copy's read of one key range: the key columns, then the copied columns ({@link
   * #readable}), in key order. Parameters: the range's bounds.
   */
  public static String readRange(CopyRange range, List<Column> sourceTypes) {
    return "SELECT "
        + TAG
        + " "
        + readableAll(range.keyColumns())
        + ", "
        + readableAll(sourceTypes)
        + inKeyOrder(range);
  }

  /**
   * How a copy that reads rows reads a column: by its name; but a FLOAT as the DOUBLE it is, since
   * MySQL sends a FLOAT's text with six significant digits ({@code 0.142857} for {@code
   * 0.14285715}, {@code 16777200} for {@code 16777216}), and written back that is another FLOAT.
   */
  static String readable(Column column) {
    if (column.carriedAsBytes()) {
      // the bytes MySQL stores, not their conversion to the session's utf8mb4
      return "CAST(" + quote(column.name()) + " AS BINARY)";
    }
    return column.dataType().equals("float")
        ? "CAST(" + quote(column.name()) + " AS DOUBLE)"
        : quote(column.name());
  }

  /** {@link #readable} of each column, joined by commas: what {@code ColumnValues.read} reads. */
  public static String readableAll(List<Column> columns) {
    StringJoiner read = new StringJoiner(", ");
    columns.forEach(c -> read.add(readable(c)));
    return read.toString();
  }

  /** {@code REPLACE} of {@code rows} rows of {@code columns}, in one multi-row statement. */
  public static String replace(TableRef ghost, List<String> columns, int rows) {
    return replace(ghost, columns, java.util.Collections.nCopies(columns.size(), "?"), rows, "");
  }

  /**
   * {@code REPLACE} of {@code rows} rows of {@code columns}, each value written as its expression
   * ({@code ?}, or {@code CAST(? AS T)}), with the optimizer hint {@code hint} (or none: empty).
   */
  public static String replace(
      TableRef ghost, List<String> columns, List<String> valueExpressions, int rows, String hint) {
    return rows(("REPLACE " + hint).trim(), ghost, columns, valueExpressions, rows);
  }

  private static String rows(
      String verb, TableRef ghost, List<String> columns, List<String> valueExpressions, int rows) {
    StringJoiner values = new StringJoiner(", ");
    String row = "(" + String.join(", ", valueExpressions) + ")";
    for (int i = 0; i < rows; i++) {
      values.add(row);
    }
    return verb
        + " "
        + TAG
        + " INTO "
        + quote(ghost)
        + " ("
        + quoteAll(columns)
        + ") VALUES "
        + values;
  }

  /**
   * {@code DELETE} of one row by its key columns, exactly ({@link #exactKey}; parameters: {@link
   * io.ghostflink.operators.model.ColumnValues#bindExactKey}).
   */
  public static String deleteByKey(
      TableRef ghost, List<String> keyColumns, List<Column> keyTypes, List<String> placeholders) {
    return "DELETE "
        + TAG
        + " FROM "
        + quote(ghost)
        + " WHERE "
        + exactKey(keyColumns, keyTypes, placeholders);
  }

  /**
   * The row whose key columns hold exactly the given values: {@code `k` <=> ?} for each column, and
   * for a collated one ({@link Column#collated}) also its characters, compared as they are ({@code
   * utf8mb4_0900_bin}: no case folding, trailing spaces count). The first lookup uses the key's
   * index; the second keeps a delete by key {@code 'abc'} from removing the row {@code 'ABC'} that
   * another sink subtask wrote in the same epoch (docs/architecture.md, "Ordering across keys").
   */
  public static String exactKey(
      List<String> keyColumns, List<Column> keyTypes, List<String> placeholders) {
    StringJoiner where = new StringJoiner(" AND ");
    for (int i = 0; i < keyColumns.size(); i++) {
      String column = quote(keyColumns.get(i));
      where.add(column + " <=> " + placeholders.get(i));
      Column type = keyTypes.get(i);
      if (type.collated()) {
        String read = type.carriedAsBytes() ? "CONVERT(? USING " + type.charset() + ")" : "?";
        where.add(column + " <=> CONVERT(" + read + " USING utf8mb4) COLLATE utf8mb4_0900_bin");
      }
    }
    return where.toString();
  }

  /**
   * How a key column {@code name} of another table (the ghost, of another character set maybe) is
   * selected to be read as a value of {@code as}: as it is, or as the bytes of {@code as}'s
   * character set ({@link Column#carriedAsBytes}).
   */
  public static String readableAs(String name, Column as) {
    return as.carriedAsBytes()
        ? "CAST(CONVERT(" + quote(name) + " USING " + as.charset() + ") AS BINARY)"
        : quote(name);
  }

  /**
   * The row keys of the ghost rows that hold any of {@code rows} values of a unique key: the rows
   * an upsert with those values would displace. Parameters: the values, row by row.
   */
  public static String holdersOf(
      TableRef ghost,
      List<String> keyColumns,
      List<Column> keyTypes,
      List<String> unique,
      int rows) {
    return holdersOf(
        ghost,
        keyColumns,
        keyTypes,
        unique,
        java.util.Collections.nCopies(unique.size(), "?"),
        rows,
        "");
  }

  /**
   * {@link #holdersOf} with each value written as its expression ({@code ?} or a CAST), converted
   * as the statement's optimizer hint {@code hint} says (or in the session's zone: empty).
   */
  public static String holdersOf(
      TableRef ghost,
      List<String> keyColumns,
      List<Column> keyTypes,
      List<String> unique,
      List<String> valueExpressions,
      int rows,
      String hint) {
    StringJoiner keys = new StringJoiner(", ");
    for (int i = 0; i < keyColumns.size(); i++) {
      keys.add(readableAs(keyColumns.get(i), keyTypes.get(i)));
    }
    StringJoiner values = new StringJoiner(", ");
    String one =
        unique.size() == 1
            ? valueExpressions.get(0)
            : "(" + String.join(", ", valueExpressions) + ")";
    for (int i = 0; i < rows; i++) {
      values.add(one);
    }
    String columns = unique.size() == 1 ? quote(unique.get(0)) : "(" + quoteAll(unique) + ")";
    return "SELECT "
        + hint
        + TAG
        + " "
        + keys
        + " FROM "
        + quote(ghost)
        + " WHERE "
        + columns
        + " IN ("
        + values
        + ")";
  }

  /**
   * Copies one key range server-side: {@code INSERT IGNORE INTO ghost (…) SELECT … FROM original
   * WHERE range ORDER BY key}, a consistent read that locks none of the original's rows (the
   * session runs in READ COMMITTED). The copy marks around it keep changes written meanwhile from
   * being applied before it commits (docs/architecture.md, "Copy and binlog"). The order (the
   * index's own, so free) lets a warning's "at row N" name its row.
   */
  public static String copyRange(CopyRange range) {
    return insertSelect(range) + inKeyOrder(range);
  }

  /**
   * "INSERT hint IGNORE INTO ghost (ghost columns) SELECT copied": the server-side copy's head,
   * shared by the row copy and the recheck's copy of single rows ({@link RecheckSql#copyRows}).
   */
  static String insertSelect(CopyRange range) {
    return "INSERT "
        + range.hint()
        + "IGNORE "
        + TAG
        + " INTO "
        + quote(range.ghost())
        + " ("
        + quoteAll(range.ghostColumns())
        + ") SELECT "
        + String.join(", ", range.copied());
  }

  // " FROM original FORCE INDEX (key) WHERE range ORDER BY key": the index's own order, free
  private static String inKeyOrder(CopyRange range) {
    return " FROM "
        + quote(range.original())
        + " FORCE INDEX ("
        + quote(range.keyName())
        + ") WHERE "
        + KeyRanges.range(range.keyColumns(), range.hasLower(), range.hasUpper())
        + " ORDER BY "
        + KeyRanges.names(range.keyColumns());
  }

  /**
   * The key of the Nth row (1-based) of a copy range, in the order {@link #copyRange} copies it.
   * Parameters: the range's bounds, then N - 1.
   */
  public static String keyAt(CopyRange range) {
    return "SELECT "
        + TAG
        + " "
        + readableAll(range.keyColumns())
        + inKeyOrder(range)
        + " LIMIT 1 OFFSET ?";
  }

  /**
   * Creates the progress table: a row per sink subtask ({@code sink-<i>}: "applied through W") and
   * one for the row copy ({@code copy}: rows and chunks copied, done).
   */
  public static String createProgressTable(TableRef progress) {
    return "CREATE TABLE IF NOT EXISTS "
        + quote(progress)
        + " (name VARCHAR(32) NOT NULL PRIMARY KEY, run_id BIGINT NOT NULL, attempt INT NOT NULL,"
        + " applied BIGINT NOT NULL DEFAULT -1, applied_changes BIGINT NOT NULL DEFAULT 0,"
        + " copied_rows BIGINT NOT NULL DEFAULT 0,"
        + " copied_chunks BIGINT NOT NULL DEFAULT 0, copy_done TINYINT NOT NULL DEFAULT 0,"
        + " gtids TEXT NULL,"
        + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
        + " ON UPDATE CURRENT_TIMESTAMP(6)) ENGINE=InnoDB";
  }

  /** The progress row name of sink subtask {@code i}. */
  public static String sinkRow(int subtask) {
    return "sink-" + subtask;
  }

  /**
   * The progress row of sink subtask {@code subtask} for checkpoint {@code checkpointId}: eight
   * slots per subtask, reused in turn.
   */
  public static String checkpointRow(int subtask, long checkpointId) {
    return "chk-" + subtask + "-" + (checkpointId % 8);
  }

  /**
   * Records what one sink subtask had applied when it took a checkpoint: the binlog a restore from
   * that checkpoint needs starts at or before it. Parameters: name, run_id, the checkpoint id (kept
   * in {@code attempt}), applied.
   */
  public static String recordCheckpoint(TableRef progress) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(progress)
        + " (name, run_id, attempt, applied) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE run_id ="
        + " VALUES(run_id), attempt = VALUES(attempt), applied = VALUES(applied)";
  }

  /**
   * The lowest point the sink subtasks had applied at one checkpoint, and how many recorded it;
   * parameters: run_id, checkpoint id.
   */
  public static String checkpointApplied(TableRef progress) {
    return "SELECT "
        + TAG
        + " MIN(applied), COUNT(*) FROM "
        + quote(progress)
        + " WHERE name LIKE 'chk-%' AND run_id = ? AND attempt = ?";
  }

  /** The progress row name of the GTID set the sink has applied (see {@link #recordGtids}). */
  public static final String GTIDS_ROW = "gtids";

  /**
   * Writes a progress row that carries text: the {@value #GTIDS_ROW} row (every transaction of a
   * GTID set is applied once the applied point reaches the position kept in {@code applied}), or a
   * move's cut-over record. Parameters: name, run_id, attempt, applied, the text.
   */
  public static String recordGtids(TableRef progress) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(progress)
        + " (name, run_id, attempt, applied, gtids) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY"
        + " UPDATE run_id = VALUES(run_id), attempt = VALUES(attempt), applied = VALUES(applied),"
        + " gtids = VALUES(gtids)";
  }

  /** Deletes one progress row; parameter: name. */
  public static String deleteProgressRow(TableRef progress) {
    return "DELETE " + TAG + " FROM " + quote(progress) + " WHERE name = ?";
  }

  /** The newest recorded GTID set of a run and the position it holds at; parameter: run_id. */
  public static String appliedGtids(TableRef progress) {
    return "SELECT "
        + TAG
        + " applied, gtids FROM "
        + quote(progress)
        + " WHERE name = '"
        + GTIDS_ROW
        + "' AND run_id = ?";
  }

  /** The progress row name of the row copy. */
  public static final String COPY_ROW = "copy";

  /**
   * Records what one sink subtask has applied; parameters: name, run_id, attempt, applied, and the
   * number of changes written with it (added to the running count, for the summary).
   */
  public static String recordApplied(TableRef progress) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(progress)
        + " (name, run_id, attempt, applied, applied_changes) VALUES (?, ?, ?, ?, ?) ON DUPLICATE"
        + " KEY UPDATE run_id = VALUES(run_id), attempt = VALUES(attempt), applied ="
        + " VALUES(applied), applied_changes = applied_changes + VALUES(applied_changes)";
  }

  /**
   * Records the row copy's progress; parameters: run_id, attempt, copied_rows, copied_chunks,
   * copy_done.
   */
  public static String recordCopy(TableRef progress) {
    return recordCopy(progress, 0);
  }

  /** The progress row of the copy of a job's table {@code table} (0: the first, as always). */
  public static String copyRow(int table) {
    return table == 0 ? COPY_ROW : COPY_ROW + "-" + table;
  }

  // the copy rows of every table of a job
  private static final String COPY_ROWS = "(name = '" + COPY_ROW + "' OR name LIKE 'copy-%')";

  /** {@link #recordCopy(TableRef)} for the copy of the job's table {@code table}. */
  public static String recordCopy(TableRef progress, int table) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(progress)
        + " (name, run_id, attempt, copied_rows, copied_chunks, copy_done) VALUES ('"
        + copyRow(table)
        + "', ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE run_id = VALUES(run_id),"
        + " attempt = VALUES(attempt), copied_rows = VALUES(copied_rows),"
        + " copied_chunks = VALUES(copied_chunks), copy_done = VALUES(copy_done)";
  }

  /**
   * The progress row in which sink subtask 0, at parallelism 2 or more, names where the epoch after
   * a point ends (applied_changes: the point, applied: the end), so that every subtask ends it at
   * the same watermark (docs/architecture.md, "Ordering across keys").
   */
  public static final String EPOCH_ROW = "epoch";

  /** Names the end of the epoch after a point; parameters: run_id, attempt, the point, the end. */
  public static String nameEpochEnd(TableRef progress) {
    return "INSERT "
        + TAG
        + " INTO "
        + quote(progress)
        + " (name, run_id, attempt, applied_changes, applied) VALUES ('"
        + EPOCH_ROW
        + "', ?, ?, ?, ?) ON DUPLICATE KEY UPDATE run_id = VALUES(run_id),"
        + " attempt = VALUES(attempt), applied_changes = VALUES(applied_changes),"
        + " applied = VALUES(applied)";
  }

  /** The end named for the epoch after a point; parameters: run_id, attempt, the point. */
  public static String epochEnd(TableRef progress) {
    return "SELECT "
        + TAG
        + " applied FROM "
        + quote(progress)
        + " WHERE name = '"
        + EPOCH_ROW
        + "' AND run_id = ? AND attempt = ? AND applied_changes = ?";
  }

  /**
   * How many sink subtasks of this run and attempt have applied at least W; parameters: run_id,
   * attempt, W.
   */
  public static String countAppliedThrough(TableRef progress) {
    return "SELECT "
        + TAG
        + " COUNT(*) FROM "
        + quote(progress)
        + " WHERE name LIKE 'sink-%' AND run_id = ? AND attempt = ? AND applied >= ?";
  }

  /**
   * The run's applied point: the newest attempt's minimum over sink subtasks and how many reported;
   * parameter: run_id (twice).
   */
  public static String appliedPoint(TableRef progress) {
    return "SELECT "
        + TAG
        + " MIN(applied), COUNT(*) FROM "
        + quote(progress)
        + " WHERE name LIKE 'sink-%' AND run_id = ? AND attempt = (SELECT MAX(attempt) FROM "
        + quote(progress)
        + " WHERE name LIKE 'sink-%' AND run_id = ?)";
  }

  /**
   * Hands a finished copy over to a resumed run: a copy source that had finished before the
   * savepoint does not run again, so it would never report "done" under the new run id. Parameters:
   * the new run_id, the paused run_id.
   */
  public static String carryOverFinishedCopy(TableRef progress) {
    return "UPDATE "
        + TAG
        + " "
        + quote(progress)
        + " SET run_id = ? WHERE "
        + COPY_ROWS
        + " AND run_id = ? AND copy_done = 1";
  }

  /** The newest run id in the progress table. */
  public static String latestRunId(TableRef progress) {
    return "SELECT " + TAG + " MAX(run_id) FROM " + quote(progress);
  }

  /** How many binlog changes the run's sink subtasks have written; parameter: run_id. */
  public static String appliedChanges(TableRef progress) {
    return "SELECT "
        + TAG
        + " COALESCE(SUM(applied_changes), 0) FROM "
        + quote(progress)
        + " WHERE name LIKE 'sink-%' AND run_id = ?";
  }

  /**
   * The row copy's progress over every table of the job; parameter: run_id. Columns: copied rows,
   * copied chunks, 1 when every table that reported is done, how many tables reported. No row until
   * one has.
   */
  public static String copyProgress(TableRef progress) {
    return "SELECT "
        + TAG
        + " SUM(copied_rows), SUM(copied_chunks), MIN(copy_done), COUNT(*) FROM "
        + quote(progress)
        + " WHERE "
        + COPY_ROWS
        + " AND run_id = ? HAVING COUNT(*) > 0";
  }
}
