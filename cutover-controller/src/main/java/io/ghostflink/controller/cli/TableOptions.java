package io.ghostflink.controller.cli;

import io.ghostflink.operators.model.TableRef;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which table's migration a command is about, and where its state directory is by default. */
public final class TableOptions {
  @Option(names = "--database", required = true, description = "the table's database")
  String database;

  @Option(names = "--table", required = true, description = "the table")
  String table;

  TableRef table() {
    if (table.length() > TableRef.MAX_NAME_LENGTH || database.isBlank() || table.isBlank()) {
      throw new IllegalArgumentException(
          "--database and --table must be MySQL names (1-64 characters)");
    }
    return new TableRef(database, table);
  }

  /** {@code stateDir} when given, else ~/.ghostflink/state/<database>.<table>. */
  Path stateDir(Path stateDir) {
    return stateDir != null
        ? stateDir
        : Path.of(System.getProperty("user.home"), ".ghostflink", "state", database + "." + table);
  }
}
