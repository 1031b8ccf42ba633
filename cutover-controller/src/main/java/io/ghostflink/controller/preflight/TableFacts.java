package io.ghostflink.controller.preflight;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
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
 * @param original the original's schema with its row key; empty when it has no usable key
 * @param originalUniqueKeys the original's unique keys, by name, with their columns
 * @param triggers the names of the original's triggers
 * @param foreignKeys foreign keys from or to the original, described for the operator
 * @param alter the user's ALTER clause
 * @param trial the ALTER tried on the scratch table; null when the table does not exist
 * @param leftovers migration tables of this table that exist already (ghost, changelog, …)
 * @param duplicates for each new unique key of the ghost, values the original shares among rows
 * @param estimatedRows the original's row estimate from information_schema
 * @param negativeTimeColumns TIME columns of the original holding a negative value
 */
public record TableFacts(
    TableRef table,
    ServerSettings settings,
    List<String> grants,
    boolean exists,
    Optional<TableSchema> original,
    Map<String, List<String>> originalUniqueKeys,
    List<String> triggers,
    List<String> foreignKeys,
    AlterClause alter,
    AlterTrial trial,
    List<TableRef> leftovers,
    Map<String, String> duplicates,
    long estimatedRows,
    List<String> negativeTimeColumns) {

  /** The server variables preflight checks. */
  public record ServerSettings(
      boolean logBin,
      String binlogFormat,
      String binlogRowImage,
      String gtidMode,
      String version) {}

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
      Map<String, List<String>> uniqueKeys,
      String createTable,
      boolean renamedAway) {}
}
