package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.preflight.FactsReader;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink verify}: after a swap, MySQL's own ALTER is run on a copy of the old table
 * {@code _<table>_del} (or the name {@code --timestamp-old-table} gave it) and the result compared
 * with the new table, every column of every row. Rows written since the swap differ, so run it
 * before the application writes, or on a replica stopped right after the swap.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "After a swap: compare the new table with MySQL's own ALTER of the old table"
            + " _<table>_del, every column of every row.")
public final class VerifyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Option(
      names = "--alter",
      description =
          "the ALTER clause the migration ran, or the whole ALTER TABLE statement (default: the one"
              + " the state directory recorded at the swap)")
  String alter;

  @Option(
      names = "--old-table",
      description =
          "the old table's name, in the table's database (default: the one the state directory"
              + " recorded at the swap, else _<table>_del)")
  String oldTable;

  @Option(
      names = "--chunk-size",
      defaultValue = "10000",
      description = "rows compared per step (default: ${DEFAULT-VALUE})")
  int chunkSize;

  @Override
  public Integer call() throws Exception {
    if (alter != null) {
      alter = target.clauseOf(alter);
    }
    TableRef t = target.table();
    if (chunkSize < 10 || chunkSize > 1_000_000) {
      throw new IllegalArgumentException("--chunk-size must be between 10 and 1000000 rows");
    }
    String clause = alter != null ? alter : recordedAlter(target.stateDir(), t);
    TableRef old = t.sibling(oldTable != null ? oldTable : recordedOldTable(target.stateDir(), t));
    try (Connection c = Connections.open(connection.address(), t.database())) {
      if (!FactsReader.exists(c, t) || !FactsReader.exists(c, old)) {
        throw new IllegalArgumentException(
            "no "
                + old
                + " beside "
                + t
                + " to verify against: verify runs after a swap that kept the old table (without"
                + " --ok-to-drop-table); name it with --old-table");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AlterOracle.Report report = AlterOracle.run(connection.address(), t, old, clause, chunkSize);
    if (report.matches()) {
      out.println("Verified: " + report.describe(t));
      return Ghostflink.OK;
    }
    err.println(
        "ghostflink: error: "
            + report.describe(t)
            + (report.refusal() == null
                ? "; MySQL's result is kept in " + t.verify() + " for inspection"
                : ""));
    return Ghostflink.DIFFERENT;
  }

  /** The name the swap's old table was given with --timestamp-old-table, else {@code _t_del}. */
  private static String recordedOldTable(Path state, TableRef t) {
    Path file = state.resolve(MigrationController.SWAPPED_OLD_TABLE_FILE);
    try {
      return Files.exists(file)
          ? Files.readString(file, StandardCharsets.UTF_8).strip()
          : t.magic().table();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + e.getMessage() + "); name the old table with --old-table");
    }
  }

  private static String recordedAlter(Path state, TableRef t) {
    Path file = state.resolve(MigrationController.SWAPPED_ALTER_FILE);
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "no ALTER recorded for "
              + t
              + " in "
              + state
              + " (ghostflink records it at the swap); give it with --alter");
    }
  }
}
