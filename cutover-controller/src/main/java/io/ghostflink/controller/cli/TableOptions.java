package io.ghostflink.controller.cli;

import io.ghostflink.operators.model.TableRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which table's migration a command is about, and its state directory: the same flags for every
 * command, so one flag set in a runbook works for migrate, pause, resume, status and verify.
 */
public final class TableOptions {
  @Option(names = "--database", required = true, description = "the table's database")
  String database;

  @Option(
      names = {"--table", "--tables"},
      required = true,
      description = "the table (move: --tables t1,t2,… moves several in one cut-over)")
  String table;

  @Option(
      names = "--state-dir",
      description =
          "the migration's state directory: checkpoints, savepoints, the recorded ALTER (default:"
              + " ~/.ghostflink/state/<database>.<table>)")
  Path stateDir;

  @Option(names = "--verbose", description = "log to the console; stack traces with errors")
  boolean verbose;

  /**
   * The table; of a move of several ({@code --tables t1,t2}), the first, by which every command
   * names the run.
   */
  TableRef table() {
    return new TableRef(database, names().get(0));
  }

  /** The tables after the first of a {@code --tables t1,t2,…} list (a move of several tables). */
  List<String> moreTables() {
    List<String> names = names();
    return names.subList(1, names.size());
  }

  private List<String> names() {
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

  /** {@code --state-dir} when given, else ~/.ghostflink/state/<database>.<table>. */
  Path stateDir() {
    return stateDir != null
        ? stateDir
        : Path.of(System.getProperty("user.home"), ".ghostflink", "state", database + "." + table);
  }
}
