package io.ghostflink.controller.preflight;

import io.ghostflink.controller.verify.UnreadableChanges;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.Identifiers;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a move needs of its target server: reachable, writable, and no table in the way. A table of
 * the same name that holds rows is refused, unless it is a previous move's (its progress table is
 * beside it) and the operator asked to start over; an empty one with the source's columns is used
 * as it is.
 */
public final class MoveChecks {
  /** What the target holds where the move will write. */
  public enum TargetTable {
    /** Nothing: the move creates it from the source's definition. */
    ABSENT,
    /** An empty table with the source's columns: the move writes into it. */
    EMPTY,
    /** A previous move's table, which the operator asked to drop and start over. */
    PREVIOUS_MOVE
  }

  private MoveChecks() {}

  /**
   * Checks the target; returns the plan's notes.
   *
   * @param sourceDefinition the source table's {@code SHOW CREATE TABLE}, which the move creates
   *     the target's table from
   * @param startOver the operator asked to drop a previous run's tables
   * @throws PreflightException what is in the way, and how to clear it
   */
  public static List<String> target(
      ServerAddress target,
      TableRef table,
      TableRef onTarget,
      List<Column> sourceColumns,
      String sourceDefinition,
      boolean startOver)
      throws PreflightException {
    String where = target.host() + ":" + target.port();
    try (Connection c = Connections.open(target, "")) {
      List<String> notes = new ArrayList<>();
      if (readOnly(c)) {
        throw new PreflightException(
            "the target "
                + where
                + " is read-only (read_only or super_read_only is on); move to"
                + " its primary");
      }
      TargetTable found = inspect(c, table, onTarget, sourceColumns, startOver, where);
      String directory = MigrationDdl.dataDirectory(sourceDefinition);
      if (found != TargetTable.EMPTY && directory != null && !knows(c, directory)) {
        throw new PreflightException(
            table
                + " lives in DATA DIRECTORY '"
                + directory
                + "' on the source, which the target "
                + where
                + " does not know (its innodb_directories, datadir and innodb_data_home_dir);"
                + " create "
                + onTarget
                + " there yourself, empty, with "
                + table
                + "'s columns, where it should live, and the move writes into it");
      }
      switch (found) {
        case ABSENT -> notes.add("creates " + onTarget + " on " + where + " like " + table);
        case EMPTY -> notes.add("writes into the empty " + onTarget + " already on " + where);
        case PREVIOUS_MOVE ->
            notes.add(
                "drops the previous move's "
                    + onTarget
                    + " on "
                    + where
                    + " and starts over (--initially-drop-ghost-table)");
      }
      return notes;
    } catch (SQLException e) {
      throw unreachableTarget(target, e);
    }
  }

  /** A move's target that refused ghostflink's session, said with the flags that fix it. */
  public static PreflightException unreachableTarget(ServerAddress target, SQLException e) {
    return new PreflightException(
        "cannot reach the target "
            + target.host()
            + ":"
            + target.port()
            + ": "
            + e.getMessage().lines().findFirst().orElse("")
            + "; check --target-host, --target-port, --target-user and --target-password-file,"
            + " and --target-ssl-mode (--target-ssl-cert, --target-ssl-key) if its account"
            + " requires TLS (a client certificate)");
  }

  /**
   * Checks the replica a move reads ({@code --source-replica-host}): its binlog must hold what it
   * replicates, in full rows, with GTIDs, and it must have the table as the source has it.
   *
   * @throws PreflightException what is missing, and how to fix it
   */
  public static String replica(ServerAddress replica, TableRef table, List<Column> sourceColumns)
      throws PreflightException {
    String where = replica.host() + ":" + replica.port();
    try (Connection c = Connections.open(replica, "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT @@global.log_bin, @@global.log_replica_updates, @@global.binlog_format,"
                    + " @@global.binlog_row_image, @@global.gtid_mode")) {
      rs.next();
      if (rs.getInt(1) != 1 || rs.getInt(2) != 1) {
        throw new PreflightException(
            "the replica "
                + where
                + " does not write what it replicates to its binlog; set log_bin and"
                + " log_replica_updates on it, or leave out --source-replica-host");
      }
      if (!"ROW".equals(rs.getString(3))
          || !"FULL".equals(rs.getString(4))
          || !"ON".equals(rs.getString(5))) {
        throw new PreflightException(
            "the replica "
                + where
                + " needs binlog_format=ROW, binlog_row_image=FULL and gtid_mode=ON (it has "
                + rs.getString(3)
                + ", "
                + rs.getString(4)
                + ", "
                + rs.getString(5)
                + ")");
      }
      if (UnreadableChanges.compressedByDefault(c)) {
        throw new PreflightException(
            "the replica "
                + where
                + " has binlog_transaction_compression ON; ghostflink's binlog reader cannot read"
                + " compressed transactions: SET GLOBAL binlog_transaction_compression = OFF on it,"
                + " or leave out --source-replica-host");
      }
      if (UnreadableChanges.partialJsonByDefault(c)) {
        throw new PreflightException(
            "the replica "
                + where
                + " has binlog_row_value_options PARTIAL_JSON; ghostflink's binlog reader cannot"
                + " read partial JSON updates: SET GLOBAL binlog_row_value_options = '' on it, or"
                + " leave out --source-replica-host");
      }
      if (!FactsReader.exists(c, table) || !SchemaReader.columns(c, table).equals(sourceColumns)) {
        throw new PreflightException(
            "the replica " + where + " does not have " + table + " as the source has it");
      }
      return "reads the rows and the binlog from the replica " + where;
    } catch (SQLException e) {
      throw new PreflightException(
          "cannot reach the replica "
              + where
              + ": "
              + e.getMessage()
              + "; check"
              + " --source-replica-host");
    }
  }

  /** What is on the target where the move writes (see {@link TargetTable}). */
  public static TargetTable inspect(
      Connection c,
      TableRef table,
      TableRef onTarget,
      List<Column> sourceColumns,
      boolean startOver,
      String where)
      throws SQLException, PreflightException {
    if (!FactsReader.exists(c, onTarget)) {
      return TargetTable.ABSENT;
    }
    boolean previousMove = FactsReader.exists(c, table.progress().in(onTarget.database()));
    if (previousMove && startOver) {
      return TargetTable.PREVIOUS_MOVE;
    }
    if (hasRows(c, onTarget)) {
      throw new PreflightException(
          onTarget
              + " on "
              + where
              + " already holds rows; "
              + (previousMove
                  ? "it is a previous move's: add --initially-drop-ghost-table to drop it and"
                      + " start over"
                  : "ghostflink does not write into a table it did not make: empty or drop it,"
                      + " or choose another --target-database"));
    }
    if (!SchemaReader.columns(c, onTarget).equals(sourceColumns)) {
      throw new PreflightException(
          "the empty "
              + onTarget
              + " on "
              + where
              + " has other columns than "
              + table
              + "; drop it, and the move creates it like "
              + table);
    }
    return TargetTable.EMPTY;
  }

  /**
   * Whether {@code directory} is in one MySQL lets a {@code DATA DIRECTORY} name: {@code
   * innodb_directories} (separated by semicolons), the data directory, {@code
   * innodb_data_home_dir}.
   */
  private static boolean knows(Connection c, String directory) throws SQLException {
    List<String> known = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT @@GLOBAL.innodb_directories, @@GLOBAL.datadir,"
                    + " @@GLOBAL.innodb_data_home_dir")) {
      rs.next();
      for (int i = 1; i <= 3; i++) {
        String v = rs.getString(i);
        if (v != null) {
          known.addAll(List.of(v.split(";")));
        }
      }
    }
    String wanted = withSlash(directory);
    return known.stream()
        .map(String::strip)
        .filter(k -> !k.isEmpty())
        .anyMatch(k -> wanted.startsWith(withSlash(k)));
  }

  private static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  private static boolean readOnly(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@global.read_only, @@global.super_read_only")) {
      rs.next();
      return rs.getInt(1) == 1 || rs.getInt(2) == 1;
    }
  }

  private static boolean hasRows(Connection c, TableRef t) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM " + Identifiers.quote(t) + " LIMIT 1")) {
      return rs.next();
    }
  }
}
