package io.ghostflink.operators.sink;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.EnumErrorValues;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.PacketBudget;
import io.ghostflink.operators.jdbc.RowRefusedException;
import io.ghostflink.operators.jdbc.Warnings;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.EnumeratedValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.NumberText;
import io.ghostflink.operators.model.UniqueKey;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.RecheckSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one sink subtask's changes to the ghost table: per epoch, one transaction with the deletes
 * by key, the upserts of full after-images, and the subtask's "applied through W" row (seed 003:
 * progress is committed with the data it covers, never ahead of it). Deadlocks, lock-wait timeouts
 * and lost connections re-run the whole transaction, which is idempotent; a value the new table
 * refuses stops the job, naming the row.
 *
 * <p>Where the ghost has unique keys the original does not guarantee ({@link
 * GhostKey#riskyKeys()}), every row an upsert displaces from the ghost table is listed in the
 * recheck table in the same transaction, and every row written clears its own entry
 * (docs/architecture.md, "Unique keys").
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
  private final List<String> ghostKeyColumns;
  private final List<Column> keyColumnTypes;
  private final List<int[]> riskyKeyPositions = new ArrayList<>();
  private final List<List<String>> riskyKeyColumns = new ArrayList<>();
  private final List<List<String>> riskyKeyValues = new ArrayList<>();
  private final List<String> valueExpressions = new ArrayList<>();
  // ENUM and SET columns the ALTER makes numbers, written as the numbers MySQL stores
  private final List<List<String>> numbered;
  // FLOAT and DOUBLE columns the ALTER makes strings or JSON, written as MySQL's text of them
  private final NumberText[] texted;
  private final EnumErrorValues errorValues;
  // the statements' hint where a row holds an ENUM error value: without strict mode
  private String relaxedHint;
  private Connection connection;
  private PacketBudget budget;

  /** Reads the epoch ends subtask 0 names, uncommitted included (see {@link #namedEnd}). */
  private Connection epochReader;

  /** The point after which the next published epoch names its end, or {@link #NO_END}. */
  private long nameEndAfter = NO_END;

  /** No end named (yet). */
  public static final long NO_END = Long.MIN_VALUE;

  public GhostTableWriter(GhostSinkSpec spec, int subtask, int attempt) {
    this.spec = spec;
    this.subtask = subtask;
    this.attempt = attempt;
    int[] sources = spec.mapping().sourceColumns();
    for (int source : sources) {
      ghostColumnTypes.add(spec.original().columns().get(source));
    }
    this.numbered = EnumeratedValues.numbered(spec.mapping(), ghostColumnTypes);
    this.texted = NumberText.texted(spec.mapping(), ghostColumnTypes);
    this.errorValues =
        new EnumErrorValues(spec.mapping().ghostColumns(), ghostColumnTypes, numbered);
    this.ghostKeyColumns = spec.ghostKey().columns();
    for (int i = 0; i < sources.length; i++) {
      valueExpressions.add(spec.mapping().valueExpression(i));
    }
    this.keyColumnTypes = spec.original().keyColumnList();
    for (UniqueKey risky : spec.ghostKey().riskyKeys()) {
      int[] positions = new int[risky.parts().size()];
      for (int i = 0; i < positions.length; i++) {
        positions[i] =
            indexOfIgnoreCase(spec.mapping().ghostColumns(), risky.parts().get(i).column());
        if (positions[i] < 0) {
          throw new IllegalArgumentException(
              "risky unique key " + risky.name() + " has an unwritten column");
        }
      }
      riskyKeyPositions.add(positions);
      riskyKeyColumns.add(risky.columns());
      List<String> values = new ArrayList<>();
      for (int p : positions) {
        values.add(spec.mapping().storedExpression(p));
      }
      riskyKeyValues.add(values);
    }
  }

  public void open() throws SQLException {
    connection = Connections.open(spec.target(), spec.ghost().database());
    connection.setAutoCommit(false);
    budget = PacketBudget.of(connection);
    try (java.sql.Statement s = connection.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
      rs.next();
      relaxedHint = EnumErrorValues.relaxed(spec.target().zoneHint(), rs.getString(1));
    }
  }

  /**
   * The GTID set the source had completed before the changelog row at {@code position}: once the
   * applied point reaches {@code position}, every transaction of it is in the ghost table.
   */
  public record GtidMark(long position, String gtids) {
    /**
     * Whether "applied through {@code applied}" covers the set of the marker at {@code position}.
     * Its own transaction is one changelog row and nothing else, so the watermark just below it
     * (where the binlog source holds it until the next transaction) already does: waiting for the
     * next heartbeat cost a move's drain 100 ms.
     */
    public static boolean coveredBy(long position, long applied) {
      return applied >= position - 1;
    }
  }

  /** Commits "applied through {@code w}" alone (at start: lowers it to the restored point). */
  public void recordApplied(long w) throws SQLException {
    apply(List.of(), w, null);
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

  /**
   * Applies one epoch's changes and "applied through {@code w}" in one transaction.
   *
   * @throws RowRefusedException a row the new table cannot hold as it is
   */
  public void apply(Collection<ChangeEvent> changes, long w) throws SQLException {
    apply(changes, w, null);
  }

  /**
   * Applies one epoch's changes, "applied through {@code w}" and, if not null, the newest GTID set
   * the epoch covers, in one transaction.
   *
   * @throws RowRefusedException a row the new table cannot hold as it is
   */
  public void apply(Collection<ChangeEvent> changes, long w, GtidMark gtids) throws SQLException {
    apply(changes, w, gtids, 0, true);
  }

  /**
   * Writes one table's share of an epoch that spans several tables (a move of several tables): its
   * rows alone, committed; the last table's writer publishes "applied through W" after them ({@link
   * #apply(Collection, long, GtidMark, int, boolean)}).
   */
  public void applyRowsOnly(Collection<ChangeEvent> changes, long w) throws SQLException {
    apply(changes, w, null, 0, false);
  }

  /**
   * Applies one epoch's changes and, when {@code publish}, "applied through {@code w}" counting
   * {@code otherChanges} more changes that other tables' writers committed before it, and the GTID
   * set if not null, in one transaction.
   *
   * @throws RowRefusedException a row the new table cannot hold as it is
   */
  public void apply(
      Collection<ChangeEvent> changes, long w, GtidMark gtids, int otherChanges, boolean publish)
      throws SQLException {
    List<ChangeEvent> deletes = new ArrayList<>();
    List<ChangeEvent> upserts = new ArrayList<>();
    for (ChangeEvent e : changes) {
      (e.isDelete() ? deletes : upserts).add(e);
    }
    List<ChangeEvent> deleted = new ArrayList<>(deletes);
    if (spec.ghostKey().deleteBeforeUpsert()) {
      deleted.addAll(upserts);
    }
    boolean rowByRow = false;
    for (int attemptNo = 1; ; attemptNo++) {
      try {
        if (publish && nameEndAfter != NO_END) {
          writeEpochEnd(nameEndAfter, w); // first, so the other subtasks read it at once
        }
        if (!riskyKeyPositions.isEmpty()) {
          resolveRechecks(changes);
        }
        writeDeletes(deleted);
        if (!writeUpserts(upserts, rowByRow)) {
          // an upsert displaced a row no lookup foresaw (two rows of one statement collide, or
          // a stale row on a guaranteed key): do the epoch again, one row per statement
          connection.rollback();
          rowByRow = true;
          continue;
        }
        if (publish) {
          writeApplied(w, changes.size() + otherChanges);
        }
        if (gtids != null) {
          writeGtids(gtids);
        }
        connection.commit();
        if (publish) {
          nameEndAfter = NO_END;
        }
        return;
      } catch (RowRefusedException e) {
        rollbackQuietly();
        throw e;
      } catch (SQLException e) {
        rollbackQuietly();
        boolean lost = MysqlErrors.isConnectionLost(e);
        if (attemptNo >= MAX_ATTEMPTS
            || !(lost || MysqlErrors.isRetryable(e) || numberingRace(e))) {
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
   * Makes the next epoch this writer publishes name its own end as the end of the epoch after
   * {@code start}, in its transaction and before its rows.
   */
  public void nameEndOfEpochAfter(long start) {
    nameEndAfter = start;
  }

  /**
   * The end subtask 0 named for the epoch after {@code start}, or {@link #NO_END}. Read
   * uncommitted: the name is the first statement of subtask 0's epoch, and the others write theirs
   * beside it, as all subtasks did when every epoch was one watermark wide. Should that epoch fail
   * instead of committing, the job restarts from its checkpoint, as after any failed epoch.
   */
  public long namedEnd(long start) throws SQLException {
    try {
      if (epochReader == null || epochReader.isClosed()) {
        epochReader = Connections.open(spec.target(), spec.ghost().database());
        epochReader.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
      }
      try (PreparedStatement ps =
          epochReader.prepareStatement(GhostDml.epochEnd(spec.progress()))) {
        ps.setLong(1, spec.runId());
        ps.setInt(2, attempt);
        ps.setLong(3, start);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : NO_END;
        }
      }
    } catch (SQLException e) {
      if (!MysqlErrors.isConnectionLost(e)) {
        throw e;
      }
      LOG.info("reading the next epoch's end failed ({}); reading it again", e.getMessage());
      closeEpochReader();
      return NO_END;
    }
  }

  /** {@link #namedEnd} once it is named, waiting as long as the barrier does. */
  public long awaitNamedEnd(long start) throws SQLException {
    Instant deadline = Instant.now().plus(BARRIER_TIMEOUT);
    long end;
    while ((end = namedEnd(start)) == NO_END) {
      if (Instant.now().isAfter(deadline)) {
        throw new SQLException(
            "sink subtask 0 named no end for the epoch after "
                + start
                + " within "
                + BARRIER_TIMEOUT);
      }
      pause(Duration.ofMillis(2));
    }
    return end;
  }

  private void writeEpochEnd(long start, long end) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(GhostDml.nameEpochEnd(spec.progress()))) {
      ps.setLong(1, spec.runId());
      ps.setInt(2, attempt);
      ps.setLong(3, start);
      ps.setLong(4, end);
      ps.executeUpdate();
    }
  }

  /**
   * A {@code REPLACE} refused by a duplicate on an index over a new AUTO_INCREMENT column: MySQL's
   * numbering race ({@link io.ghostflink.operators.model.GhostKey#numberedKeys}), not the data.
   */
  private boolean numberingRace(SQLException e) {
    String index =
        new Warnings.Warning(e.getErrorCode(), String.valueOf(e.getMessage())).duplicateKey();
    return index != null && spec.ghostKey().conflictOn(index) == GhostKey.Conflict.NUMBERED;
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

  // a row written now is in the ghost table as the source has it (or rightly absent)
  private void resolveRechecks(Collection<ChangeEvent> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(RecheckSql.resolve(spec.recheck(), keyColumnTypes))) {
      for (ChangeEvent e : changes) {
        ColumnValues.bindExactKey(ps, 1, spec.original().keyOf(e.values), keyColumnTypes);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void writeDeletes(List<ChangeEvent> deletes) throws SQLException {
    if (deletes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            GhostDml.deleteByKey(
                spec.ghost(),
                ghostKeyColumns,
                keyColumnTypes,
                spec.mapping().ghostKeyPlaceholders(spec.original())))) {
      for (ChangeEvent e : deletes) {
        ColumnValues.bindExactKey(ps, 1, spec.original().keyOf(e.values), keyColumnTypes);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * False when an upsert displaced more rows than the lookups found, or left more warnings than the
   * server keeps (only in batches): the epoch is then written again row by row.
   */
  private boolean writeUpserts(List<ChangeEvent> upserts, boolean rowByRow) throws SQLException {
    List<String> columns = spec.mapping().ghostColumns();
    for (int from = 0, to; from < upserts.size(); from = to) {
      to =
          budget.end(
              from,
              upserts.size(),
              rowByRow ? 1 : ROWS_PER_STATEMENT,
              i -> PacketBudget.size(upserts.get(i).values));
      List<ChangeEvent> part = upserts.subList(from, to);
      List<byte[][]> rows = new ArrayList<>(part.size());
      for (ChangeEvent e : part) {
        byte[][] row = spec.mapping().map(e.values);
        EnumeratedValues.number(numbered, ghostColumnTypes, row);
        NumberText.text(texted, row);
        rows.add(row);
      }
      int displaced = listDisplaced(rows);
      try (PreparedStatement ps =
          connection.prepareStatement(
              GhostDml.replace(
                  spec.ghost(),
                  columns,
                  valueExpressions,
                  part.size(),
                  errorValues.any(rows) ? relaxedHint : spec.target().zoneHint()))) {
        int p = 1;
        for (byte[][] row : rows) {
          for (int i = 0; i < row.length; i++) {
            ColumnValues.bind(ps, p++, row[i], ghostColumnTypes.get(i));
          }
        }
        int affected;
        try {
          affected = ps.executeUpdate();
        } catch (SQLException e) {
          if (MysqlErrors.isDataError(e)) {
            Warnings.Warning w = new Warnings.Warning(e.getErrorCode(), e.getMessage());
            if (w.row().isEmpty() && part.size() > 1) {
              return false; // the error does not say which row: find it row by row
            }
            throw refused(part, e.getMessage(), w);
          }
          throw e;
        }
        Warnings.Seen seen = Warnings.of(connection, ps);
        List<Warnings.Warning> warnings =
            seen.warnings().stream().filter(w -> !errorValues.stored(w, rows)).toList();
        if (!warnings.isEmpty()) {
          Warnings.Warning w = warnings.get(0);
          if (w.row().isEmpty() && part.size() > 1) {
            return false; // find the row row by row
          }
          throw refused(part, w.message(), w);
        }
        if (!seen.complete() && !rowByRow) {
          return false; // more notes than the server keeps: read them row by row
        }
        if (!riskyKeyPositions.isEmpty() && !rowByRow && affected > part.size() + displaced) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Lists in the recheck table the ghost rows that hold a risky key's value of one of {@code rows}:
   * the upsert is about to displace them. Returns how many distinct rows that is.
   */
  private int listDisplaced(List<byte[][]> rows) throws SQLException {
    if (riskyKeyPositions.isEmpty()) {
      return 0;
    }
    Map<String, byte[][]> holders = new LinkedHashMap<>();
    for (int k = 0; k < riskyKeyPositions.size(); k++) {
      int[] positions = riskyKeyPositions.get(k);
      List<byte[][]> withValues = new ArrayList<>();
      for (byte[][] row : rows) {
        boolean anyNull = false;
        for (int p : positions) {
          anyNull |= row[p] == null; // a NULL part never collides
        }
        if (!anyNull) {
          withValues.add(row);
        }
      }
      if (withValues.isEmpty()) {
        continue;
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              GhostDml.holdersOf(
                  spec.ghost(),
                  ghostKeyColumns,
                  keyColumnTypes,
                  riskyKeyColumns.get(k),
                  riskyKeyValues.get(k),
                  withValues.size(),
                  spec.target().zoneHint()))) {
        int i = 1;
        for (byte[][] row : withValues) {
          for (int p : positions) {
            ColumnValues.bind(ps, i++, row[p], ghostColumnTypes.get(p));
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byte[][] key = ColumnValues.readKey(rs, 1, keyColumnTypes);
            holders.put(Arrays.deepToString(key), key);
          }
        }
      }
    }
    if (holders.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(RecheckSql.list(spec.recheck(), keyColumnTypes))) {
      for (byte[][] key : holders.values()) {
        bindKey(ps, 1, key);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    LOG.info(
        "{} rows of {} displaced by unique keys the original does not guarantee: listed for a"
            + " recheck",
        holders.size(),
        spec.ghost());
    return holders.size();
  }

  private RowRefusedException refused(
      List<ChangeEvent> part, String reason, Warnings.Warning warning) {
    int row = warning.row().orElse(part.size() == 1 ? 1 : 0);
    String which =
        row >= 1 && row <= part.size()
            ? "row " + describeKey(spec.original().keyOf(part.get(row - 1).values))
            : "one of rows "
                + describeKey(spec.original().keyOf(part.get(0).values))
                + " to "
                + describeKey(spec.original().keyOf(part.get(part.size() - 1).values));
    return new RowRefusedException(
        "the new definition of "
            + spec.ghost()
            + " cannot hold "
            + which
            + " as the binlog has it: "
            + reason
            + " (MySQL's own ALTER refuses such rows too)");
  }

  private String describeKey(byte[][] key) {
    return ColumnValues.describeKey(keyColumnTypes, key);
  }

  private void bindKey(PreparedStatement ps, int first, byte[][] key) throws SQLException {
    ColumnValues.bindKey(ps, first, key, keyColumnTypes);
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

  private void writeGtids(GtidMark mark) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(GhostDml.recordGtids(spec.progress()))) {
      ps.setString(1, GhostDml.GTIDS_ROW);
      ps.setLong(2, spec.runId());
      ps.setInt(3, attempt);
      ps.setLong(4, mark.position());
      ps.setString(5, mark.gtids());
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

  private void closeEpochReader() {
    try {
      if (epochReader != null) {
        epochReader.close();
      }
    } catch (SQLException ignored) {
      // closing a broken session
    }
    epochReader = null;
  }

  @Override
  public void close() {
    closeQuietly();
    closeEpochReader();
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
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
