package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.preflight.FactsReader;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.controller.preflight.TableFacts;
import io.ghostflink.job.JobSpec;
import io.ghostflink.job.MigrationJobMain;
import io.ghostflink.operators.model.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a pause leaves in the state directory: the job spec of the run (written at every start) and
 * the savepoint it stopped with. A resume reads both and checks the server still matches.
 */
record PausedRun(JobSpec spec, String savepoint) {
  static final String SPEC_FILE = "job-spec.bin";
  static final String SAVEPOINT_FILE = "savepoint";

  static PausedRun read(Path stateDir, TableRef table) throws PreflightException {
    Path specFile = stateDir.resolve(SPEC_FILE);
    Path savepointFile = stateDir.resolve(SAVEPOINT_FILE);
    if (!Files.isRegularFile(specFile) || !Files.isRegularFile(savepointFile)) {
      throw new PreflightException(
          "no paused migration of " + table + " in " + stateDir + "; check --state-dir");
    }
    try {
      JobSpec spec = MigrationJobMain.readSpec(specFile);
      String savepoint = Files.readString(savepointFile, StandardCharsets.UTF_8).strip();
      if (!spec.original().equals(table)) {
        throw new PreflightException(
            stateDir + " holds a migration of " + spec.original() + ", not of " + table);
      }
      return new PausedRun(spec, savepoint);
    } catch (IOException e) {
      throw new PreflightException(
          "cannot read the paused migration in " + stateDir + ": " + e.getMessage());
    }
  }

  /**
   * The ghost tables are still there and the original's schema is the one the job was built for.
   */
  void requireResumable(Connection c, TableFacts facts) throws PreflightException, SQLException {
    TableRef t = spec.original();
    for (TableRef needed : List.of(t.ghost(), t.changelog(), t.progress())) {
      if (!FactsReader.exists(c, needed)) {
        throw new PreflightException(
            "cannot resume "
                + t
                + ": "
                + needed.table()
                + " is gone; start over with --initially-drop-ghost-table");
      }
    }
    if (!facts.original().map(spec.schema()::equals).orElse(false)) {
      throw new PreflightException(
          "cannot resume " + t + ": its schema changed since the pause; start over");
    }
  }

  static void record(Path stateDir, String savepoint) throws IOException {
    Files.createDirectories(stateDir);
    Files.writeString(stateDir.resolve(SAVEPOINT_FILE), savepoint + "\n", StandardCharsets.UTF_8);
  }

  static void clear(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Files.deleteIfExists(stateDir.resolve(SAVEPOINT_FILE));
  }
}
