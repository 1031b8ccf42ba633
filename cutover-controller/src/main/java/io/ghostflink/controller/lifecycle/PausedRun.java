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

  /** The id of the run's Flink job: its checkpoints are under checkpoints/<id>. */
  static final String JOB_FILE = "job-id";

  static PausedRun read(Path stateDir, TableRef table) throws PreflightException {
    Path specFile = stateDir.resolve(SPEC_FILE);
    if (!Files.isRegularFile(specFile)) {
      throw new PreflightException(
          "no paused migration of " + table + " in " + stateDir + "; check --state-dir");
    }
    try {
      JobSpec spec = MigrationJobMain.readSpec(specFile);
      if (!spec.original().equals(table)) {
        throw new PreflightException(
            stateDir + " holds a migration of " + spec.original() + ", not of " + table);
      }
      Path savepointFile = stateDir.resolve(SAVEPOINT_FILE);
      if (Files.isRegularFile(savepointFile)) {
        return new PausedRun(spec, Files.readString(savepointFile, StandardCharsets.UTF_8).strip());
      }
      // no pause recorded: the controller died; continue from the run's last checkpoint
      return new PausedRun(spec, latestCheckpoint(stateDir, table));
    } catch (IOException e) {
      throw new PreflightException(
          "cannot read the paused migration in " + stateDir + ": " + e.getMessage());
    }
  }

  /** The newest completed checkpoint ({@code chk-N} holding {@code _metadata}) of the last job. */
  private static String latestCheckpoint(Path stateDir, TableRef table)
      throws IOException, PreflightException {
    return newestCheckpoint(stateDir)
        .map(p -> p.toUri().toString())
        .orElseThrow(
            () ->
                new PreflightException(
                    "no paused migration of "
                        + table
                        + " and no completed checkpoint of its last run in "
                        + stateDir
                        + "; start over with --initially-drop-ghost-table"));
  }

  /** The newest completed checkpoint of the run the state directory names, if any. */
  static java.util.Optional<Path> newestCheckpoint(Path stateDir) throws IOException {
    Path jobFile = stateDir.resolve(JOB_FILE);
    if (!Files.isRegularFile(jobFile)) {
      return java.util.Optional.empty();
    }
    Path dir = stateDir.resolve("checkpoints").resolve(Files.readString(jobFile).strip());
    if (!Files.isDirectory(dir)) {
      return java.util.Optional.empty();
    }
    try (java.util.stream.Stream<Path> chks = Files.list(dir)) {
      return chks.filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .max(
              java.util.Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().substring(4))));
    }
  }

  /**
   * The ghost tables are still there and the original's schema is the one the job was built for.
   */
  void requireResumable(Connection c, TableFacts facts) throws PreflightException, SQLException {
    TableRef t = spec.original();
    if (!FactsReader.exists(c, t.ghost()) && FactsReader.exists(c, t.magic())) {
      // a swap of this run is recognised (and finished) before; this is not one
      throw new PreflightException(
          "cannot resume "
              + t
              + ": "
              + t.ghost().table()
              + " is gone and "
              + t.magic().table()
              + " does not hold the table the run started from; inspect the tables by hand,"
              + " ghostflink will not guess");
    }
    if (!binlogFiles(c).contains(spec.start().file())) {
      throw new PreflightException(
          "cannot resume "
              + t
              + ": the binlog it started from ("
              + spec.start().file()
              + ") has been purged from the server; start over with --initially-drop-ghost-table");
    }
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

  private static List<String> binlogFiles(Connection c) throws SQLException {
    List<String> files = new java.util.ArrayList<>();
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(io.ghostflink.operators.sql.MigrationDdl.SHOW_BINARY_LOGS)) {
      while (rs.next()) {
        files.add(rs.getString(1));
      }
    }
    return files;
  }

  /**
   * Deletes the retained checkpoints of the run the state directory names (after a finished
   * migration nothing can resume from them).
   */
  static void deleteCheckpoints(Path stateDir) throws IOException {
    Path jobFile = stateDir.resolve(JOB_FILE);
    if (!Files.isRegularFile(jobFile)) {
      return;
    }
    Path dir = stateDir.resolve("checkpoints").resolve(Files.readString(jobFile).strip());
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static void recordJob(Path stateDir, String jobId) throws IOException {
    Files.createDirectories(stateDir);
    Files.writeString(stateDir.resolve(JOB_FILE), jobId + "\n", StandardCharsets.UTF_8);
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
