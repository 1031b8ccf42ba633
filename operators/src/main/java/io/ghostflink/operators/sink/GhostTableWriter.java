package io.ghostflink.operators.sink;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.sql.GhostDml;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one sink subtask's changes to the ghost table: per epoch, one transaction with the deletes
 * by key, the upserts of full after-images, and the subtask's "applied through W" row (seed 003:
 * progress is committed with the data it covers, never ahead of it). Deadlocks, lock-wait timeouts
 * and lost connections re-run the whole transaction, which is idempotent.
 */
public final class GhostTableWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GhostTableWriter.class);
  private static final int ROWS_PER_STATEMENT = 200;
  private static final int MAX_ATTEMPTS = 30;
  private static final Duration BARRIER_TIMEOUT = Duration.ofMinutes(10);

  private final GhostSinkSpec spec;
  private final int subtask;
  private final int attempt;
  private final List<Column> ghostColumnTypes = new ArrayList<>();
  private final List<String> ghostKeyColumns = new ArrayList<>();
  private final List<Column> keyColumnTypes;
  private Connection connection;

  public GhostTableWriter(GhostSinkSpec spec, int subtask, int attempt) {
    this.spec = spec;
    this.subtask = subtask;
    this.attempt = attempt;
    int[] sources = spec.mapping().sourceColumns();
    for (int source : sources) {
      ghostColumnTypes.add(spec.original().columns().get(source));
    }
    for (int key : spec.original().keyColumns()) {
      int ghostIndex = indexOf(sources, key);
      if (ghostIndex < 0) {
        throw new IllegalArgumentException(
            "the ghost table does not keep key column "
                + spec.original().columns().get(key).name());
      }
      ghostKeyColumns.add(spec.mapping().ghostColumns().get(ghostIndex));
    }
    this.keyColumnTypes = spec.original().keyColumnList();
  }

  public void open() throws SQLException {
    connection = Connections.open(spec.target(), spec.ghost().database());
    connection.setAutoCommit(false);
  }

  /** Commits "applied through {@code w}" alone (at start: lowers it to the restored point). */
  public void recordApplied(long w) throws SQLException {
    apply(List.of(), w);
  }

  /** Records what this subtask had applied at checkpoint {@code checkpointId}. */
  public void recordCheckpoint(long checkpointId, long w) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(GhostDml.recordCheckpoint(spec.progress()))) {
      ps.setString(1, GhostDml.checkpointRow(subtask, checkpointId));
      ps.setLong(2, spec.runId());
      ps.setLong(3, checkpointId);
      ps.setLong(4, w);
      ps.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** Applies one epoch's changes and "applied through {@code w}" in one transaction. */
  public void apply(Collection<ChangeEvent> changes, long w) throws SQLException {
    List<ChangeEvent> deletes = new ArrayList<>();
    List<ChangeEvent> upserts = new ArrayList<>();
    for (ChangeEvent e : changes) {
      (e.isDelete() ? deletes : upserts).add(e);
    }
    for (int attemptNo = 1; ; attemptNo++) {
      try {
        writeDeletes(deletes);
        writeUpserts(upserts);
        writeApplied(w, changes.size());
        connection.commit();
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        boolean lost = MysqlErrors.isConnectionLost(e);
        if (attemptNo >= MAX_ATTEMPTS || !(lost || MysqlErrors.isRetryable(e))) {
          throw e;
        }
        LOG.info(
            "ghost write of {} changes through {} failed ({}); retry {}",
            changes.size(),
            w,
            e.getMessage(),
            attemptNo);
        pause(Duration.ofMillis(Math.min(1000, 20L * attemptNo)));
        if (lost) {
          reconnect();
        }
      }
    }
  }

  /**
   * Waits until every sink subtask of this run and attempt has committed through {@code w}: the
   * barrier between epochs that keeps REPLACE from removing a row another subtask has not yet
   * rewritten (docs/architecture.md, "Ordering across keys").
   */
  public void awaitAllApplied(long w) throws SQLException {
    Instant deadline = Instant.now().plus(BARRIER_TIMEOUT);
    long sleep = 1;
    while (countAppliedThrough(w) < spec.parallelism()) {
      if (Instant.now().isAfter(deadline)) {
        throw new SQLException(
            "sink subtasks did not all apply through " + w + " within " + BARRIER_TIMEOUT);
      }
      pause(Duration.ofMillis(sleep));
      sleep = Math.min(5, sleep * 2);
    }
  }

  private int countAppliedThrough(long w) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(GhostDml.countAppliedThrough(spec.progress()))) {
      ps.setLong(1, spec.runId());
      ps.setInt(2, attempt);
      ps.setLong(3, w);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        int n = rs.getInt(1);
        connection.commit(); // end the read view so the next poll sees new commits
        return n;
      }
    }
  }

  private void writeDeletes(List<ChangeEvent> deletes) throws SQLException {
    if (deletes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(GhostDml.deleteByKey(spec.ghost(), ghostKeyColumns))) {
      for (ChangeEvent e : deletes) {
        byte[][] key = spec.original().keyOf(e.values);
        for (int i = 0; i < key.length; i++) {
          ColumnValues.bind(ps, i + 1, key[i], keyColumnTypes.get(i));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void writeUpserts(List<ChangeEvent> upserts) throws SQLException {
    List<String> columns = spec.mapping().ghostColumns();
    for (int from = 0; from < upserts.size(); from += ROWS_PER_STATEMENT) {
      List<ChangeEvent> part =
          upserts.subList(from, Math.min(upserts.size(), from + ROWS_PER_STATEMENT));
      try (PreparedStatement ps =
          connection.prepareStatement(GhostDml.replace(spec.ghost(), columns, part.size()))) {
        int p = 1;
        for (ChangeEvent e : part) {
          byte[][] row = spec.mapping().map(e.values);
          for (int i = 0; i < row.length; i++) {
            ColumnValues.bind(ps, p++, row[i], ghostColumnTypes.get(i));
          }
        }
        ps.executeUpdate();
      }
    }
  }

  private void writeApplied(long w, int changes) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(GhostDml.recordApplied(spec.progress()))) {
      ps.setString(1, GhostDml.sinkRow(subtask));
      ps.setLong(2, spec.runId());
      ps.setInt(3, attempt);
      ps.setLong(4, w);
      ps.setInt(5, changes);
      ps.executeUpdate();
    }
  }

  private void reconnect() throws SQLException {
    closeQuietly();
    open();
  }

  private void rollbackQuietly() {
    try {
      if (connection != null && !connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the session is gone; reconnect() handles it
    }
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // closing a broken session
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static void pause(Duration d) throws SQLException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", e);
    }
  }
}
