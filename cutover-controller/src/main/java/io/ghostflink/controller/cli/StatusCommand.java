package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.CheckpointStore;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lock.MigrationLock;
import io.ghostflink.controller.progress.ProgressReader;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.MigrationDdl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink status}: what the server and the state directory say about a table's migration:
 * phase, whether a controller holds the lock, copy progress, how far the ghost table is behind the
 * binlog, the last checkpoint, and whether a resume is possible.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a migration's phase, progress, lag, last checkpoint and resumability.")
public final class StatusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin TableOptions target;

  @Override
  public Integer call() throws Exception {
    TableRef t = target.table();
    Path state = target.stateDir();
    PrintWriter out = spec.commandLine().getOut();
    try (Connection c = Connections.open(connection.address(), t.database())) {
      String phase = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.STATE);
      if (phase == null) {
        throw new IllegalArgumentException(
            "no migration of " + t + " on this server (no " + t.changelog().table() + " table)");
      }
      out.println("table: " + t);
      out.println("phase: " + phase);
      java.util.Optional<io.ghostflink.controller.lifecycle.MoveTarget> move = moveOf(t, state);
      move.ifPresent(
          m ->
              out.println(
                  "moving to: "
                      + m.server().host()
                      + ":"
                      + m.server().port()
                      + " "
                      + t.in(m.database())));
      Object holder = scalar(c, MigrationDdl.LOCK_HOLDER, MigrationLock.names(t).get(0));
      out.println(
          "controller: "
              + (holder == null ? "none running" : "running (MySQL connection " + holder + ")"));
      // a move's progress table is on its target
      boolean copyDone;
      try (Connection onTarget =
          move.isPresent() ? Connections.open(move.get().server(), move.get().database()) : null) {
        copyDone =
            progress(
                out,
                c,
                onTarget == null ? c : onTarget,
                move.isPresent() ? t.progress().in(move.get().database()) : t.progress());
      }
      String throttle = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.THROTTLE);
      // what the copy's planner wrote last stays in the changelog after the copy ended or its job
      // stopped: it counts only while a running controller copies
      boolean copying = holder != null && "COPY".equals(phase) && !copyDone;
      if ((throttle == null || throttle.isEmpty()) && copying) {
        // the copy's planner holds by its own reading of the server, and writes why
        throttle = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.COPY_HOLD);
      }
      out.println(
          "throttle: " + (throttle == null || throttle.isEmpty() ? "not throttled" : throttle));
      if (copying) {
        // the pace the copy's planner learned from the writers' latency
        String pace = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.COPY_PACE);
        if (pace != null && !pace.isEmpty()) {
          out.println("copy pace: " + pace);
        }
        // the readers beyond --parallelism, while nobody else writes
        String readers = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.COPY_READERS);
        if (readers != null && !readers.isEmpty()) {
          out.println("copy readers: " + readers);
        }
      }
      // the indexes built after the copy (--defer-secondary-indexes): building, built or stopped
      String build = ProgressReader.changelogValue(c, t.changelog(), ChangelogSql.INDEX_BUILD);
      if (build != null && !build.isEmpty()) {
        out.println("index build: " + build);
      }
      RuntimeControl.describe(c, t).forEach(line -> out.println(line));
      out.println(
          "flink: "
              + MigrationController.recordedCluster(state)
                  .map(url -> "the session cluster at " + url)
                  .orElse("embedded (in the controller's JVM)"));
      out.println("last checkpoint: " + lastCheckpoint(state));
      out.println("resume possible: " + resumable(phase, holder, state));
    }
    return Ghostflink.OK;
  }

  /** The move the state directory records, if it holds one. */
  private static java.util.Optional<io.ghostflink.controller.lifecycle.MoveTarget> moveOf(
      TableRef t, Path state) {
    try {
      return MigrationController.pausedMove(state, t, java.time.Duration.ofMinutes(1));
    } catch (io.ghostflink.controller.preflight.PreflightException e) {
      return java.util.Optional.empty(); // no run recorded here: a migration on one server
    }
  }

  /**
   * The copy and the applied point, from {@code progress} on {@code p}.
   *
   * @return whether the copy is done
   */
  private static boolean progress(PrintWriter out, Connection c, Connection p, TableRef progress)
      throws SQLException {
    Object runId = scalar(p, GhostDml.latestRunId(progress));
    if (runId == null) {
      return false;
    }
    boolean done;
    long run = ((Number) runId).longValue();
    try (PreparedStatement ps = p.prepareStatement(GhostDml.copyProgress(progress))) {
      ps.setLong(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        boolean started = rs.next();
        done = started && rs.getInt(3) == 1;
        out.println(
            started
                ? "copy: "
                    + rs.getLong(1)
                    + " rows in "
                    + rs.getLong(2)
                    + " chunks"
                    + (rs.getInt(3) == 1 ? ", done" : ", running")
                : "copy: not started");
      }
    }
    try (PreparedStatement ps = p.prepareStatement(GhostDml.appliedPoint(progress))) {
      ps.setLong(1, run);
      ps.setLong(2, run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long applied = rs.getLong(1);
        long source = ProgressReader.sourcePosition(c);
        out.println(
            rs.wasNull()
                ? "applied: nothing yet"
                : "applied through: "
                    + BinlogPosition.describe(applied)
                    + " (binlog now at "
                    + BinlogPosition.describe(source)
                    + (source >>> 32 == applied >>> 32
                        ? ", " + Math.max(0, source - 1 - applied) + " bytes behind)"
                        : ")"));
      }
    }
    return done;
  }

  private static String resumable(String phase, Object holder, Path state) throws IOException {
    if (holder != null) {
      return "no, it is running";
    }
    if (phase.equals("DONE") || phase.equals("CLEANUP")) {
      return "no, it has finished";
    }
    if (MigrationController.hasSavepoint(state)) {
      return "yes, from its savepoint (ghostflink resume)";
    }
    return MigrationController.newestCheckpoint(state).isPresent()
        ? "yes, from its last checkpoint (ghostflink resume)"
        : "no, no savepoint or checkpoint in " + state;
  }

  private static String lastCheckpoint(Path state) throws IOException {
    Optional<String> newest = MigrationController.newestCheckpoint(state);
    return newest.isEmpty()
        ? "none"
        : newest.get()
            + " ("
            + java.time.Instant.ofEpochMilli(CheckpointStore.written(newest.get()))
            + ")";
  }

  private static Object scalar(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }
}
