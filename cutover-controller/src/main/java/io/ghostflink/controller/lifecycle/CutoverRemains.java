package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.preflight.FactsReader;
import io.ghostflink.job.JobSpec;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.MigrationDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a controller that stopped during a cut-over (killed, crashed, lost its host) left on the
 * server, settled before a resume: a RENAME still waiting is killed, then the tables tell whether
 * the swap happened. A magic table left behind is dropped while the ghost table still exists (the
 * swap did not happen and now cannot). Only an old table whose schema is the one the run started
 * from counts as swapped; anything else is left to the resume's other checks.
 */
final class CutoverRemains {
  private static final Logger LOG = LoggerFactory.getLogger(CutoverRemains.class);
  private static final long RENAME_GONE_MILLIS = 10_000;

  enum Outcome {
    /** The original is in place: the resume continues the migration. */
    NOT_SWAPPED,
    /** The swap had completed: only the cleanup is left. */
    SWAPPED
  }

  private CutoverRemains() {}

  static Outcome settle(Connection c, JobSpec spec) throws SQLException {
    TableRef t = spec.original();
    killOrphanRenames(c, t);
    if (!FactsReader.exists(c, t.magic())) {
      return Outcome.NOT_SWAPPED;
    }
    boolean ghost = FactsReader.exists(c, t.ghost());
    if (isMagic(c, t.magic())) {
      if (ghost) {
        LOG.info("dropping the magic table {} a stopped cut-over left", t.magic());
        try (Statement s = c.createStatement()) {
          s.execute(MigrationDdl.dropIfExists(t.magic()));
        }
      }
      return Outcome.NOT_SWAPPED;
    }
    boolean oldTableIsTheOriginal =
        SchemaReader.columns(c, t.magic()).equals(spec.schema().columns());
    return !ghost && oldTableIsTheOriginal && FactsReader.exists(c, t)
        ? Outcome.SWAPPED
        : Outcome.NOT_SWAPPED;
  }

  /**
   * A RENAME of the dead controller may still wait for a metadata lock (held by an application's
   * transaction): it must not run once the magic table is gone, so it is killed and awaited.
   */
  private static void killOrphanRenames(Connection c, TableRef t) throws SQLException {
    long deadline = System.currentTimeMillis() + RENAME_GONE_MILLIS;
    List<Long> running;
    while (!(running = sessionsRunning(c, MigrationDdl.swap(t))).isEmpty()) {
      if (System.currentTimeMillis() > deadline) {
        throw new SQLException(
            "the RENAME of a stopped cut-over (sessions " + running + ") does not end; KILL it");
      }
      for (long id : running) {
        LOG.warn("killing session {}: a stopped cut-over's RENAME of {}", id, t);
        try (Statement s = c.createStatement()) {
          s.execute(MigrationDdl.kill(id));
        } catch (SQLException gone) {
          LOG.debug("session {} already gone: {}", id, gone.getMessage());
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted", e);
      }
    }
  }

  private static List<Long> sessionsRunning(Connection c, String statement) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.SESSIONS_RUNNING)) {
      ps.setString(1, statement);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private static boolean isMagic(Connection c, TableRef table) throws SQLException {
    return comment(c, table).map(MigrationDdl.MAGIC_COMMENT::equals).orElse(false);
  }

  private static Optional<String> comment(Connection c, TableRef table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MigrationDdl.TABLE_COMMENT)) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
