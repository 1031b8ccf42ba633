package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.preflight.FactsReader;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.controller.preflight.TableFacts;
import io.ghostflink.job.JobSpec;
import io.ghostflink.job.MigrationJobMain;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.MigrationDdl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pause leaves in the state directory: the job spec of the run (written at every start) and
 * the savepoint it stopped with (after a crash: the newest checkpoint, or null when none had
 * completed). A resume reads both and checks the server still matches.
 */
record PausedRun(JobSpec spec, String savepoint) {
  private static final Logger LOG = LoggerFactory.getLogger(PausedRun.class);
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
      if (spec.primary() == null || spec.ghost() == null) {
        // a record read back fills the components its stream lacks with nulls
        throw new PreflightException(
            "the run in "
                + stateDir
                + " was written by an earlier ghostflink and cannot be resumed by this one; "
                + table
                + " is untouched: start over with --initially-drop-ghost-table");
      }
      if (!spec.original().equals(table)) {
        throw new PreflightException(
            stateDir + " holds a migration of " + spec.original() + ", not of " + table);
      }
      java.util.Optional<String> savepoint = StateFile.read(stateDir, SAVEPOINT_FILE);
      if (savepoint.isPresent()) {
        return new PausedRun(spec, savepoint.get());
      }
      // no pause recorded: the controller died; continue from the run's last checkpoint
      return new PausedRun(spec, latestCheckpoint(stateDir));
    } catch (IOException e) {
      throw new PreflightException(
          "cannot read the paused migration in " + stateDir + ": " + e.getMessage());
    }
  }

  /**
   * The newest completed checkpoint ({@code chk-N} holding {@code _metadata}) of the last job, or
   * null when none completed (the run starts over).
   */
  private static String latestCheckpoint(Path stateDir) throws IOException {
    return newestCheckpoint(stateDir).orElse(null);
  }

  /** The newest completed checkpoint of the run the state directory names, if any (a pointer). */
  static java.util.Optional<String> newestCheckpoint(Path stateDir) throws IOException {
    java.util.Optional<String> job = recordedJob(stateDir);
    return job.isEmpty()
        ? java.util.Optional.empty()
        : CheckpointStore.newest(CheckpointStore.root(stateDir), job.get());
  }

  /**
   * The ghost tables are still there and the original's schema is the one the job was built for.
   */
  void requireResumable(Connection c, TableFacts facts) throws PreflightException, SQLException {
    requireResumable(c, c, c, facts);
  }

  /**
   * {@link #requireResumable(Connection, TableFacts)} with the ghost and progress tables read on
   * {@code onTarget} (a move's target; else {@code c} itself) and the binlog the job reads looked
   * for on {@code binlogs} (a replica a move reads; else {@code c}).
   */
  void requireResumable(Connection c, Connection onTarget, Connection binlogs, TableFacts facts)
      throws PreflightException, SQLException {
    TableRef t = spec.original();
    if (!spec.isMove() && !FactsReader.exists(c, t.ghost()) && FactsReader.exists(c, t.magic())) {
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
    long neededFrom = binlogNeededFrom(onTarget);
    long oldest = oldestBinlogIndex(binlogs);
    if (oldest > neededFrom >>> 32) {
      throw new PreflightException(
          "cannot resume "
              + t
              + ": the binlog it needs from "
              + BinlogPosition.describe(neededFrom)
              + " on has been purged from the server (the oldest file left is number "
              + oldest
              + "); start over with --initially-drop-ghost-table");
    }
    List<TableRef> tables = new java.util.ArrayList<>(List.of(spec.ghost(), spec.progress()));
    spec.more().forEach(m -> tables.add(m.ghost()));
    if (!spec.ghostKey().riskyKeys().isEmpty()) {
      tables.add(spec.recheck());
    }
    if (!FactsReader.exists(c, t.changelog())) {
      throw new PreflightException(
          "cannot resume "
              + t
              + ": "
              + t.changelog().table()
              + " is gone; start over with --initially-drop-ghost-table");
    }
    for (TableRef needed : tables) {
      if (!FactsReader.exists(onTarget, needed)) {
        throw new PreflightException(
            "cannot resume "
                + t
                + ": "
                + needed.table()
                + " is gone; start over with --initially-drop-ghost-table");
      }
    }
    if (!facts.originalColumns().equals(spec.schema().columns())) {
      throw new PreflightException(
          "cannot resume " + t + ": its schema changed since the pause; start over");
    }
  }

  /**
   * Where the restored job will read the binlog from, at the latest: what the sink had applied at
   * the checkpoint (or savepoint) it restores, which its binlog reader had passed. Without that
   * record (an older run, a failed write) the run's start, which is earlier still.
   */
  long binlogNeededFrom(Connection c) throws SQLException {
    long checkpointId;
    try {
      checkpointId = checkpointId(savepoint);
    } catch (IOException e) {
      LOG.warn("the checkpoint id of {} is unreadable: {}", savepoint, e.toString());
      return spec.start().encoded();
    }
    try (java.sql.PreparedStatement ps =
        c.prepareStatement(GhostDml.checkpointApplied(spec.progress()))) {
      ps.setLong(1, spec.runId());
      ps.setLong(2, checkpointId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getInt(2) == spec.parallelism()) {
          long applied = rs.getLong(1);
          LOG.info(
              "checkpoint {} needs the binlog from {}",
              checkpointId,
              BinlogPosition.describe(applied));
          return Math.max(applied, spec.start().encoded());
        }
      }
    }
    return spec.start().encoded();
  }

  /** The id of the checkpoint or savepoint at {@code pointer}, from its metadata. */
  private static long checkpointId(String pointer) throws IOException {
    return CheckpointStore.checkpointId(pointer);
  }

  /** The file number of the oldest binlog file the server still has. */
  private static long oldestBinlogIndex(Connection c) throws SQLException {
    long oldest = Long.MAX_VALUE;
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(MigrationDdl.SHOW_BINARY_LOGS)) {
      while (rs.next()) {
        oldest = Math.min(oldest, BinlogPosition.encode(rs.getString(1), 0) >>> 32);
      }
    }
    return oldest;
  }

  /**
   * Deletes the retained checkpoints of the run the state directory names (after a finished
   * migration nothing can resume from them).
   */
  static void deleteCheckpoints(Path stateDir) throws IOException {
    java.util.Optional<String> job = recordedJob(stateDir);
    if (job.isPresent()) {
      CheckpointStore.delete(CheckpointStore.root(stateDir), job.get());
    }
  }

  /** The id of the Flink job the state directory names (its run's last job), if any. */
  static java.util.Optional<String> recordedJob(Path stateDir) throws IOException {
    return StateFile.read(stateDir, JOB_FILE);
  }

  static void recordJob(Path stateDir, String jobId) throws IOException {
    StateFile.write(stateDir, JOB_FILE, jobId);
  }

  static void record(Path stateDir, String savepoint) throws IOException {
    StateFile.write(stateDir, SAVEPOINT_FILE, savepoint);
  }

  static void clear(Path stateDir) throws IOException {
    StateFile.write(stateDir, SAVEPOINT_FILE, null);
  }
}
