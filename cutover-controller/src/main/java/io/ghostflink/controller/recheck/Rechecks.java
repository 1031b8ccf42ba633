package io.ghostflink.controller.recheck;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.CopyRange;
import io.ghostflink.operators.sql.RecheckSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of the recheck table {@code _t_ghr} (docs/architecture.md, "Unique keys"):
 * before a cut-over, every listed row that the ghost table lacks while the original has it is
 * copied again; a row that still collides with another on a unique key the original does not
 * guarantee, after the apply has caught up, stops the migration, as it would stop MySQL's ALTER.
 * Under the cut-over's lock, any listed row still missing fails that attempt.
 */
public final class Rechecks {
  private static final Logger LOG = LoggerFactory.getLogger(Rechecks.class);
  private static final int ROWS_PER_STATEMENT = 200;
  private static final String ALL = "1970-01-02 00:00:00";

  /** Waits until the job has applied what the source had written when it was called. */
  @FunctionalInterface
  public interface CatchUp {
    void await() throws Exception;
  }

  /** One listed row. */
  private record Entry(byte[][] key, String touched) {}

  private final ServerAddress server;
  private final TableRef table;
  private final TableSchema original;
  private final GhostKey ghostKey;
  private final CopyRange copy;
  private final List<Column> keyColumns;

  public Rechecks(
      ServerAddress server,
      TableRef table,
      TableSchema original,
      GhostKey ghostKey,
      CopyRange copy) {
    this.server = server;
    this.table = table;
    this.original = original;
    this.ghostKey = ghostKey;
    this.copy = copy;
    this.keyColumns = original.keyColumnList();
  }

  /** Whether this migration has risky unique keys, and so a recheck table. */
  public boolean needed() {
    return !ghostKey.riskyKeys().isEmpty();
  }

  /** The statement creating the recheck table. */
  public String createTable() {
    return RecheckSql.create(table.recheck(), keyColumns);
  }

  /**
   * Copies again every listed row the ghost table lacks and the original has, until none is left;
   * rows that keep colliding after {@code rounds} catch-ups of the apply stop the migration.
   *
   * @throws RowRefusedException rows of the original collide on a risky unique key
   */
  public void settle(int rounds, CatchUp catchUp) throws Exception {
    String lastCollision = null;
    for (int round = 1; round <= rounds; round++) {
      List<Entry> missing;
      try (Connection c = Connections.open(server, table.database())) {
        c.setAutoCommit(false);
        missing = missing(c, ALL);
        c.commit();
        if (missing.isEmpty()) {
          return;
        }
        LOG.info(
            "Recheck round {}: {} listed rows are missing from {}",
            round,
            missing.size(),
            table.ghost());
        lastCollision = copyAgain(c, missing, ROWS_PER_STATEMENT);
        List<Entry> still = missing(c, ALL);
        List<Entry> stillInOriginal = present(c, still);
        for (Entry e : missing) {
          if (!contains(stillInOriginal, e)) {
            forget(c, e); // back in the ghost table, or gone from the original
          }
        }
        c.commit();
        if (stillInOriginal.isEmpty()) {
          continue;
        }
        lastCollision =
            "row "
                + ColumnValues.describeKey(keyColumns, stillInOriginal.get(0).key())
                + " of "
                + table
                + (lastCollision == null ? " is still missing" : " collides: " + lastCollision);
      }
      catchUp.await();
    }
    throw new RowRefusedException(
        lastCollision
            + "; after "
            + rounds
            + " tries the new table still cannot hold it beside another row on a unique key the"
            + " original does not have (MySQL's own ALTER refuses such rows too)");
  }

  /**
   * The first listed row the ghost table lacks, described for the operator, or null; read with
   * {@code locked}, a session holding the ghost table and the recheck table locked.
   */
  public String missingUnderLock(Connection locked) throws SQLException {
    List<Entry> missing = missing(locked, ALL);
    if (missing.isEmpty()) {
      return null;
    }
    return missing.size()
        + " rows listed for a recheck are missing from "
        + table.ghost()
        + " (first: "
        + ColumnValues.describeKey(keyColumns, missing.get(0).key())
        + ")";
  }

  private List<Entry> missing(Connection c, String since) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            RecheckSql.missing(table.recheck(), table.ghost(), keyColumns, ghostKey.columns()))) {
      ps.setString(1, since);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[][] key = ColumnValues.readKey(rs, 1, keyColumns);
          entries.add(new Entry(key, rs.getString(key.length + 1)));
        }
      }
    }
    return entries;
  }

  /** Copies the rows again; returns the first collision a risky key reported, or null. */
  private String copyAgain(Connection c, List<Entry> rows, int perStatement) throws SQLException {
    String collision = null;
    for (int from = 0; from < rows.size(); from += perStatement) {
      List<Entry> part = rows.subList(from, Math.min(rows.size(), from + perStatement));
      Savepoint before = c.setSavepoint();
      try (PreparedStatement ps = c.prepareStatement(RecheckSql.copyRows(copy, part.size()))) {
        bindKeys(ps, part);
        ps.executeUpdate();
        Warnings.Seen seen = Warnings.of(c, ps);
        if (!seen.complete() && part.size() > 1) {
          c.rollback(before); // more warnings than the server keeps: one row at a time
          String found = copyAgain(c, part, 1);
          collision = collision == null ? found : collision;
          continue;
        }
        for (Warnings.Warning w : seen.warnings()) {
          GhostKey.Conflict conflict =
              w.duplicateKey() == null
                  ? GhostKey.Conflict.UNKNOWN
                  : ghostKey.conflictOn(w.duplicateKey());
          if (conflict == GhostKey.Conflict.UNKNOWN) {
            c.rollback();
            throw new RowRefusedException(
                "the new definition of "
                    + table.ghost()
                    + " cannot hold a row of "
                    + table
                    + " listed for a recheck: "
                    + w.message()
                    + " (MySQL's own ALTER refuses such rows too)");
          }
          if (conflict == GhostKey.Conflict.RISKY && collision == null) {
            collision = w.message();
          }
        }
      } catch (SQLException e) {
        if (MysqlErrors.isDataError(e)) {
          throw new RowRefusedException(e.getMessage());
        }
        throw e;
      }
    }
    return collision;
  }

  /** Of {@code entries}, those whose row the original has. */
  private List<Entry> present(Connection c, List<Entry> entries) throws SQLException {
    List<Entry> found = new ArrayList<>();
    for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
      List<Entry> part = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
      List<byte[][]> keys = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(RecheckSql.present(table, keyColumns, part.size()))) {
        bindKeys(ps, part);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(ColumnValues.readKey(rs, 1, keyColumns));
          }
        }
      }
      for (Entry e : part) {
        if (keys.stream().anyMatch(k -> java.util.Arrays.deepEquals(k, e.key()))) {
          found.add(e);
        }
      }
    }
    return found;
  }

  private void forget(Connection c, Entry e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(RecheckSql.forget(table.recheck(), keyColumns))) {
      int p = bindKey(ps, 1, e.key());
      ps.setString(p, e.touched());
      ps.executeUpdate();
    }
  }

  private void bindKeys(PreparedStatement ps, List<Entry> entries) throws SQLException {
    int p = 1;
    for (Entry e : entries) {
      p = bindKey(ps, p, e.key());
    }
  }

  private int bindKey(PreparedStatement ps, int first, byte[][] key) throws SQLException {
    return ColumnValues.bindKey(ps, first, key, keyColumns);
  }

  private static boolean contains(List<Entry> entries, Entry e) {
    return entries.stream().anyMatch(x -> java.util.Arrays.deepEquals(x.key(), e.key()));
  }

  /** Drops the recheck table. */
  public void drop(Statement s) throws SQLException {
    s.execute(io.ghostflink.operators.sql.MigrationDdl.dropIfExists(table.recheck()));
  }
}
