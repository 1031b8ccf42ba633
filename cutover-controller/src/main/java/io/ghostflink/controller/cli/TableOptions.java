package io.ghostflink.controller.cli;

import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Which table's migration a command is about, and its state directory: the same flags for every
 * command, so one flag set in a runbook works for migrate, pause, resume, status and verify.
 */
public final class TableOptions {
  @Option(
      names = "--database",
      description = "the table's database (migrate: or in --alter \"ALTER TABLE db.t …\")")
  String database;

  @Option(
      names = {"--table", "--tables"},
      description =
          "the table (move: --tables t1,t2,… moves several in one cut-over; migrate: or in --alter"
              + " \"ALTER TABLE t …\")")
  String table;

  @Option(
      names = "--state-dir",
      description =
          "the migration's state directory: checkpoints, savepoints, the recorded ALTER (default:"
              + " ~/.ghostflink/state/<database>.<table>)")
  Path stateDir;

  @Option(
      names = {"--verbose", "--debug", "--stack"},
      description =
          "log to the console; stack traces with errors (--debug and --stack: gh-ost's names)")
  boolean verbose;

  // asks the server how it stores names; set by Ghostflink before the command runs
  private Supplier<ServerAddress> server;
  private boolean resolved;

  /**
   * The ALTER clause of {@code alter}: itself, or of a whole {@code ALTER TABLE [db.]t …} statement
   * (as gh-ost takes {@code --alter}) the clause after the names, which stand for {@code
   * --database} and {@code --table}.
   */
  String clauseOf(String alter) {
    java.util.Optional<AlterClause.Named> named = AlterClause.statement(alter);
    if (named.isEmpty()) {
      return alter;
    }
    namedBy(named.get().database(), named.get().table());
    return named.get().clause();
  }

  // takes a statement's names where the flags give none; a flag naming another is bad input
  private void namedBy(String statementDatabase, String statementTable) {
    if (table != null && !table.equals(statementTable)) {
      throw new IllegalArgumentException(
          "--alter alters table "
              + statementTable
              + " but --table says "
              + table
              + "; name the table once");
    }
    if (statementDatabase != null && database != null && !database.equals(statementDatabase)) {
      throw new IllegalArgumentException(
          "--alter alters a table of database "
              + statementDatabase
              + " but --database says "
              + database
              + "; name the database once");
    }
    table = statementTable;
    if (statementDatabase != null) {
      database = statementDatabase;
    }
  }

  /** The names will be asked of {@code server}'s server when first needed, after flag checks. */
  void storedOn(Supplier<ServerAddress> server) {
    this.server = server;
  }

  /**
   * Takes the database and table names as the server stores them: lower-cased, as MySQL lower-cases
   * them, on a server with {@code lower_case_table_names = 1}, where {@code --table Orders} names
   * the table {@code orders}. The binlog names it so, and a migration of {@code Orders} never saw a
   * change of its own tables there (it waited for its changelog's marks until stopped); its lock
   * and its state directory took the case as typed, so {@code resume --table orders} would not have
   * found them.
   */
  private void resolve() throws SQLException {
    if (resolved) {
      return;
    }
    if (server == null) {
      throw new IllegalStateException("the table's names cannot be asked of a server");
    }
    names(); // a bad name is bad input before any connection
    try (Connection c = Connections.open(server.get(), "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT @@lower_case_table_names, LOWER(CONVERT(? USING utf8mb3)),"
                    + " LOWER(CONVERT(? USING utf8mb3))")) {
      ps.setString(1, database);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 1) {
          database = rs.getString(2);
          table = rs.getString(3);
        }
      }
    }
    resolved = true;
  }

  /**
   * The table; of a move of several ({@code --tables t1,t2}), the first, by which every command
   * names the run.
   */
  TableRef table() throws SQLException {
    resolve();
    return typedTable();
  }

  /** {@link #table()} as typed, for checks of the flags that ask no server. */
  TableRef typedTable() {
    return new TableRef(database, names().get(0));
  }

  /** How many tables are named: more than one for a move of several. */
  int count() {
    return names().size();
  }

  /** The tables after the first of a {@code --tables t1,t2,…} list (a move of several tables). */
  List<String> moreTables() throws SQLException {
    resolve();
    List<String> names = names();
    return names.subList(1, names.size());
  }

  private List<String> names() {
    requireNamed();
    List<String> names = new ArrayList<>();
    for (String name : table.split(",", -1)) {
      String n = name.strip();
      if (n.isEmpty() || n.length() > TableRef.MAX_NAME_LENGTH || names.contains(n)) {
        throw new IllegalArgumentException(
            "--table takes a MySQL table name (1-64 characters; a move's --tables several, each"
                + " once, separated by commas), not '"
                + table
                + "'");
      }
      names.add(n);
    }
    if (database.isBlank()) {
      throw new IllegalArgumentException("--database must be a MySQL name (1-64 characters)");
    }
    return names;
  }

  // --database and --table are required, but not by picocli: migrate may take them from --alter
  private void requireNamed() {
    if (database == null) {
      throw new IllegalArgumentException("--database is missing: give the table's database");
    }
    if (table == null) {
      throw new IllegalArgumentException("--table is missing: give the table");
    }
  }

  /** {@code --state-dir} when given, else ~/.ghostflink/state/<database>.<table>. */
  Path stateDir() throws SQLException {
    resolve();
    return typedStateDir();
  }

  /** {@link #stateDir()} as typed, for checks of the flags that ask no server. */
  Path typedStateDir() {
    requireNamed();
    return stateDir != null
        ? stateDir
        : Path.of(System.getProperty("user.home"), ".ghostflink", "state", database + "." + table);
  }
}
