package io.ghostflink.controller.preflight;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.mapping.GhostKeys;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.model.UniqueKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything preflight reads from the server about one migration, read once, so that each check is
 * a plain function of it and is unit-tested without a server.
 *
 * @param table the original table
 * @param settings the server's binlog and GTID settings
 * @param grants the lines of {@code SHOW GRANTS FOR CURRENT_USER()}
 * @param exists whether the original table exists
 * @param originalColumns the original's columns (empty when it does not exist)
 * @param originalUniqueKeys the original's unique keys, PRIMARY first
 * @param triggers the names of the original's triggers
 * @param foreignKeys foreign keys from or to the original, described for the operator
 * @param alter the user's ALTER clause
 * @param trial the ALTER tried on the scratch table; null when the table does not exist
 * @param leftovers migration tables of this table that exist already (ghost, changelog, …)
 * @param duplicates for each risky unique key of the ghost, values the original shares among rows
 * @param estimatedRows the original's row estimate from information_schema
 * @param sqlMode the {@code sql_mode} ghostflink's sessions write with
 * @param engine the original's storage engine (empty when it does not exist)
 */
public record TableFacts(
    TableRef table,
    ServerSettings settings,
    List<String> grants,
    boolean exists,
    List<Column> originalColumns,
    List<UniqueKey> originalUniqueKeys,
    List<String> triggers,
    List<String> foreignKeys,
    AlterClause alter,
    AlterTrial trial,
    List<TableRef> leftovers,
    Map<String, String> duplicates,
    long estimatedRows,
    String sqlMode,
    String engine) {

  /**
   * The server variables preflight checks.
   *
   * @param binlogCompression {@code binlog_transaction_compression} is ON (by default for every
   *     session)
   * @param partialJson {@code binlog_row_value_options} is PARTIAL_JSON (by default for every
   *     session)
   * @param readOnly which of {@code read_only}/{@code super_read_only} is ON (a replica's, or a
   *     primary's being switched over), e.g. {@code super_read_only}; empty when writable
   */
  public record ServerSettings(
      boolean logBin,
      String binlogFormat,
      String binlogRowImage,
      String gtidMode,
      String version,
      boolean binlogCompression,
      boolean partialJson,
      String readOnly) {
    /** Settings of a server that writes every change as full row events. */
    public ServerSettings(
        boolean logBin,
        String binlogFormat,
        String binlogRowImage,
        String gtidMode,
        String version) {
      this(logBin, binlogFormat, binlogRowImage, gtidMode, version, false, false, "");
    }
  }

  /**
   * The ALTER applied to a scratch copy of the original.
   *
   * @param error MySQL's message when it refused the ALTER, else null
   * @param instant whether MySQL accepted it with {@code ALGORITHM=INSTANT}
   * @param columns the scratch table's columns after the ALTER
   * @param uniqueKeys its unique keys after the ALTER
   * @param createTable its {@code SHOW CREATE TABLE} (the ghost table's definition)
   * @param renamedAway true when the scratch table was gone after the ALTER (it renamed the table)
   */
  public record AlterTrial(
      String error,
      boolean instant,
      List<Column> columns,
      List<UniqueKey> uniqueKeys,
      String createTable,
      boolean renamedAway) {}

  /** These facts with {@code found} as the duplicates of risky unique keys. */
  public TableFacts withDuplicates(Map<String, String> found) {
    return new TableFacts(
        table,
        settings,
        grants,
        exists,
        originalColumns,
        originalUniqueKeys,
        triggers,
        foreignKeys,
        alter,
        trial,
        leftovers,
        found,
        estimatedRows,
        sqlMode,
        engine);
  }

  /** Whether the ALTER was tried and MySQL accepted it. */
  public boolean trialAccepted() {
    return trial != null && trial.error() == null && !trial.renamedAway();
  }

  /**
   * The original's schema with its row key: the key {@link #keyPlan()} chose, else the default
   * (PRIMARY, or the first unique NOT NULL key); empty when it has none.
   */
  public Optional<TableSchema> original() {
    Optional<GhostKeys.Plan> plan = keyPlan();
    if (plan.isPresent() && plan.get().ok()) {
      return Optional.of(TableSchema.of(originalColumns, plan.get().rowKey()));
    }
    return TableSchema.defaultKey(originalColumns, originalUniqueKeys)
        .map(k -> TableSchema.of(originalColumns, k));
  }

  /** Which original column fills each ghost column; empty before an accepted trial. */
  public Optional<ColumnMapping> mapping() {
    if (!trialAccepted() || originalColumns.isEmpty()) {
      return Optional.empty();
    }
    TableSchema columnsOnly = new TableSchema(originalColumns, "", new int[0]);
    return Optional.of(
        ColumnMapper.map(columnsOnly, trial.columns(), alter.renames(), alter.drops()));
  }

  /** The row key and the ghost's unique keys; empty before an accepted trial. */
  public Optional<GhostKeys.Plan> keyPlan() {
    return mapping()
        .map(
            m ->
                GhostKeys.plan(
                    originalColumns, originalUniqueKeys, trial.columns(), trial.uniqueKeys(), m));
  }
}
