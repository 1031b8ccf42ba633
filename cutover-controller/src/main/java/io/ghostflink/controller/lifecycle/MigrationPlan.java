package io.ghostflink.controller.lifecycle;

import io.ghostflink.operators.model.TableRef;
import java.util.List;
import java.util.Map;

/**
 * What a migration will do, from preflight: shown by a dry run, logged by a real one.
 *
 * @param ghostDefinition the ghost table's CREATE TABLE after the ALTER
 * @param mapping ghost column to the original column it is filled from
 * @param droppedColumns original columns no ghost column takes
 * @param newColumns ghost columns filled by their defaults
 * @param key the row key the changes are applied by
 * @param instant whether MySQL could do this ALTER INSTANT
 * @param sqlMode the sql_mode ghostflink's sessions write with
 * @param timeZone the zone its writes convert temporal values in (the server's default, as MySQL's
 *     own ALTER would; empty: UTC)
 * @param notes what preflight wants the operator to know
 */
public record MigrationPlan(
    TableRef table,
    String alter,
    String ghostDefinition,
    Map<String, String> mapping,
    List<String> droppedColumns,
    List<String> newColumns,
    String key,
    long estimatedRows,
    boolean instant,
    String sqlMode,
    String timeZone,
    List<String> notes) {

  /** The plan as the dry run prints it. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    boolean move = alter.isEmpty(); // a move keeps the schema
    b.append(move ? "Move plan for " : "Migration plan for ").append(table).append('\n');
    b.append("  ALTER: ").append(move ? "none (a move keeps the schema)" : alter).append('\n');
    b.append("  estimated rows: ").append(estimatedRows).append('\n');
    b.append("  row key: ").append(key).append('\n');
    b.append("  column mapping (ghost <- original):\n");
    mapping.forEach((g, o) -> b.append("    ").append(g).append(" <- ").append(o).append('\n'));
    if (!newColumns.isEmpty()) {
      b.append("  new columns (defaults): ").append(newColumns).append('\n');
    }
    if (!droppedColumns.isEmpty()) {
      b.append("  dropped columns: ").append(droppedColumns).append('\n');
    }
    if (!move) {
      b.append("  INSTANT possible: ").append(instant ? "yes" : "no").append('\n');
    }
    b.append("  sessions' sql_mode: ").append(sqlMode).append('\n');
    b.append("  conversions and time defaults in time_zone: ")
        .append(timeZone.isEmpty() ? "+00:00" : timeZone)
        .append('\n');
    for (String note : notes) {
      b.append("  note: ").append(note).append('\n');
    }
    b.append(move ? "  table on the target:\n" : "  ghost table " + table.ghost().table() + ":\n");
    ghostDefinition.lines().forEach(l -> b.append("    ").append(l).append('\n'));
    return b.toString();
  }
}
