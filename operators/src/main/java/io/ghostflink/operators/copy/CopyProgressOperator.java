package io.ghostflink.operators.copy;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.GhostDml;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts finished chunks (parallelism 1) and records the copy's progress in the progress table,
 * with "done" once every chunk is copied: the cut-over gate reads it. At the end it also writes the
 * run's "copy done" mark into the changelog, which drops any watermark hold a reader lost in a
 * restore left open (BinlogWatermarks).
 */
public class CopyProgressOperator extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<ChunkCopied, Void>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final ServerAddress server;
  private final TableRef progress;
  private final ServerAddress source;
  private final TableRef changelog;
  private final long runId;
  private final int table;

  private transient ListState<Long> countsState;
  private transient long rows;
  private transient long chunks;
  private transient Connection connection;

  /**
   * Records into {@code progress} on {@code server}; the copy-done mark goes into {@code changelog}
   * on {@code source}, the original's server.
   */
  public CopyProgressOperator(
      ServerAddress server,
      TableRef progress,
      ServerAddress source,
      TableRef changelog,
      long runId) {
    this(server, progress, source, changelog, runId, 0);
  }

  /** The progress of the copy of the job's table {@code table} (a move of several tables). */
  public CopyProgressOperator(
      ServerAddress server,
      TableRef progress,
      ServerAddress source,
      TableRef changelog,
      long runId,
      int table) {
    this.server = server;
    this.progress = progress;
    this.source = source;
    this.changelog = changelog;
    this.runId = runId;
    this.table = table;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    countsState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("copy-counts", Long.class));
    List<Long> counts = new java.util.ArrayList<>();
    countsState.get().forEach(counts::add);
    if (counts.size() == 2) {
      rows = counts.get(0);
      chunks = counts.get(1);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    connection = Connections.open(server, progress.database());
  }

  @Override
  public void processElement(StreamRecord<ChunkCopied> element) throws Exception {
    rows += element.getValue().rows;
    chunks++;
    record(false);
  }

  @Override
  public void endInput() throws Exception {
    try (Connection c = Connections.open(source, changelog.database());
        PreparedStatement ps = c.prepareStatement(ChangelogSql.write(changelog))) {
      ps.setString(1, ChangelogSql.COPY_DONE_MARK);
      ps.setString(2, ChangelogSql.copyDone(runId, table));
      ps.executeUpdate();
    }
    record(true);
  }

  private void record(boolean done) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(GhostDml.recordCopy(progress, table))) {
      ps.setLong(1, runId);
      ps.setInt(2, getRuntimeContext().getTaskInfo().getAttemptNumber());
      ps.setLong(3, rows);
      ps.setLong(4, chunks);
      ps.setInt(5, done ? 1 : 0);
      ps.executeUpdate();
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    countsState.update(List.of(rows, chunks));
  }

  @Override
  public void close() throws Exception {
    if (connection != null) {
      connection.close();
    }
    super.close();
  }
}
