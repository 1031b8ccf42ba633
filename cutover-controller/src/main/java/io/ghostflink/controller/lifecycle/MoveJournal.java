package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.cutover.MoveCutover;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.GhostDml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The move's cut-over, written down before each step that changes the source: in the state
 * directory ({@value #FILE}) and, as a second copy that outlives a lost controller host, in the
 * target's progress table (row {@value #ROW}). The step is one of {@code intent} (about to rename),
 * {@code drain} (renamed; the drain GTID set is known) and {@code complete}.
 */
final class MoveJournal implements MoveCutover.Journal {
  static final String FILE = "move-cutover.properties";
  static final String ROW = "move-cutover";

  private final Path stateDir;
  private final ServerAddress target;
  private final TableRef progress;
  private final long runId;

  /** Kept open across one attempt's records: a new session in T2 lengthened the refused window. */
  private Connection connection;

  MoveJournal(Path stateDir, ServerAddress target, TableRef progress, long runId) {
    this.stateDir = stateDir;
    this.target = target;
    this.progress = progress;
    this.runId = runId;
  }

  @Override
  public void intent(int attempt) throws IOException, SQLException {
    write("intent", "", attempt);
  }

  @Override
  public void drainGtids(String gtids) throws IOException, SQLException {
    write("drain", gtids, 0);
  }

  @Override
  public void complete(String gtids) throws IOException, SQLException {
    write("complete", gtids, 0);
  }

  @Override
  public void clear() throws IOException, SQLException {
    Files.deleteIfExists(stateDir.resolve(FILE));
    try (PreparedStatement ps =
        connection().prepareStatement(GhostDml.deleteProgressRow(progress))) {
      ps.setString(1, ROW);
      ps.executeUpdate();
    }
  }

  @Override
  public void close() {
    Connections.closeQuietly(connection);
    connection = null;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = Connections.open(target, progress.database());
    }
    return connection;
  }

  /** The recorded step and drain GTID set, or null when nothing is recorded. */
  static Properties read(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  private void write(String step, String gtids, int attempt) throws IOException, SQLException {
    Properties p = new Properties();
    p.setProperty("step", step);
    p.setProperty("drain_gtids", gtids);
    p.setProperty("run_id", Long.toString(runId));
    if (attempt > 0) {
      p.setProperty("attempt", Integer.toString(attempt));
    }
    Files.createDirectories(stateDir);
    Path tmp = stateDir.resolve(FILE + ".tmp");
    try (var out = Files.newOutputStream(tmp)) {
      p.store(out, "ghostflink move cut-over");
    }
    Files.move(
        tmp,
        stateDir.resolve(FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    try (PreparedStatement ps = connection().prepareStatement(GhostDml.recordGtids(progress))) {
      ps.setString(1, ROW);
      ps.setLong(2, runId);
      ps.setInt(3, attempt);
      ps.setLong(4, 0);
      ps.setString(5, step + " " + gtids);
      ps.executeUpdate();
    }
  }
}
