package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.sink.GhostApplyOperator;
import io.ghostflink.operators.sink.RowKeys;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where the server's commits are slow, the watermarks that arrive while the sink commits join its
 * next epoch instead of each paying a commit of its own: committed one by one, a server whose
 * commits take longer than the watermark interval (20 ms) had the apply fall behind without end.
 * The harness's processing time stands still unless the test moves it, so what waits and what is
 * committed does not depend on this machine's speed; only the commit's own length is real (the
 * server's group-commit delay makes it at least 30 ms).
 */
@ExtendWith(MysqlExtension.class)
class SlowCommitEpochsIT {
  private static final String TABLE =
      "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, c VARCHAR(20))";
  private static final int MAX_PARALLELISM = 128;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 7";

  @Test
  void watermarksThatArriveDuringASlowCommitJoinTheNextEpoch(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(TABLE);
    try (JobHarness job = JobHarness.prepare(db, mysql, "t", ALTER, 1, 100);
        KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> harness =
            new KeyedOneInputStreamOperatorTestHarness<>(
                new GhostApplyOperator(job.spec.sink()),
                new RowKeys(job.spec.schema()),
                Types.STRING)) {
      harness.open();
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 30000");
      try {
        write(harness, 1, 1, "one");
        assertThat(job.appliedPoint()).as("an idle sink commits at once").isEqualTo(at(1));

        write(harness, 2, 2, "two");
        write(harness, 3, 3, "three");
        write(harness, 4, 2, "two, again");
        assertThat(job.appliedPoint())
            .as("the next epoch waits one commit's length after the last")
            .isEqualTo(at(1));
        assertThat(ids(db)).containsExactly(1L);

        harness.setProcessingTime(GhostApplyOperator.MAX_COMMIT_SPACING_MS);
        assertThat(job.appliedPoint())
            .as("one epoch through the newest watermark")
            .isEqualTo(at(4));
        assertThat(db.query("SELECT id, c, x FROM _t_gho ORDER BY id"))
            .containsExactly(
                List.of(1L, "one", 7), List.of(2L, "two, again", 7), List.of(3L, "three", 7));

        // a checkpoint commits nothing: the waiting epoch's changes are still pending state, and
        // a restore from it writes them with its first epoch
        write(harness, 5, 4, "four");
        OperatorSubtaskState state = harness.snapshot(1, GhostApplyOperator.MAX_COMMIT_SPACING_MS);
        assertThat(job.appliedPoint()).isEqualTo(at(4));
        try (KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> restored =
            new KeyedOneInputStreamOperatorTestHarness<>(
                new GhostApplyOperator(job.spec.sink()),
                new RowKeys(job.spec.schema()),
                Types.STRING)) {
          restored.setup();
          restored.initializeState(state);
          restored.open();
          restored.processWatermark(new Watermark(at(6)));
        }
        assertThat(job.appliedPoint()).isEqualTo(at(6));
        assertThat(ids(db)).containsExactly(1L, 2L, 3L, 4L);
      } finally {
        db.execute("SET GLOBAL binlog_group_commit_sync_delay = 0");
      }
    }
  }

  /**
   * Two sink subtasks end every epoch at the same watermark, however slow commits widen it. Row A
   * is on subtask 0, row B on subtask 1, and the ghost has the original's unique key u. The
   * transaction at 2 sets B.u to x; the one at 3 sets B.u to y and A.u to x. Subtask 0 waits out a
   * slow commit and writes A as of 3; if subtask 1 then wrote B as of 2 alone, its {@code REPLACE}
   * with u = x would remove A's row, and nothing would write it again (session 62 saw three rows of
   * 400 lost so in {@code WideRowsAndUniqueSwapsIT}).
   */
  @Test
  void twoSubtasksEndEachEpochAtTheSameWatermark(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute("CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, u VARCHAR(20), UNIQUE KEY (u))");
    try (JobHarness job = JobHarness.prepare(db, mysql, "t", ALTER, 2, 100);
        KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> first = subtask(job, 0);
        KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> second =
            subtask(job, 1)) {
      RowKeys keys = new RowKeys(job.spec.schema());
      long a = idOn(keys, 0);
      long b = idOn(keys, 1);
      first.open();
      second.open();
      db.execute("SET GLOBAL binlog_group_commit_sync_delay = 30000");
      try {
        write(first, 1, a, "a");
        write(second, 1, b, "b");
        assertThat(job.appliedPoint()).as("both commit at once").isEqualTo(at(1));

        first.processWatermark(new Watermark(at(2)));
        write(first, 3, a, "x");
        first.setProcessingTime(GhostApplyOperator.MAX_COMMIT_SPACING_MS);
        write(second, 2, b, "x");
        second.setProcessingTime(GhostApplyOperator.MAX_COMMIT_SPACING_MS);
        write(second, 3, b, "y");
        second.setProcessingTime(2 * GhostApplyOperator.MAX_COMMIT_SPACING_MS);
        first.setProcessingTime(2 * GhostApplyOperator.MAX_COMMIT_SPACING_MS);

        assertThat(job.appliedPoint()).isEqualTo(at(3));
        assertThat(db.query("SELECT id, u, x FROM _t_gho ORDER BY u"))
            .containsExactly(List.of(a, "x", 7), List.of(b, "y", 7));
      } finally {
        db.execute("SET GLOBAL binlog_group_commit_sync_delay = 0");
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> subtask(
      JobHarness job, int index) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new GhostApplyOperator(job.spec.sink()),
        new RowKeys(job.spec.schema()),
        Types.STRING,
        MAX_PARALLELISM,
        2,
        index);
  }

  /** The smallest id whose row goes to sink subtask {@code index} of two. */
  private static long idOn(RowKeys keys, int index) throws Exception {
    for (long id = 1; ; id++) {
      String key = keys.getKey(row(0, id, ""));
      if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, 2) == index) {
        return id;
      }
    }
  }

  /**
   * One transaction at binlog position {@code n} that writes row {@code id}, then its watermark.
   */
  private static void write(
      KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> harness,
      int n,
      long id,
      String c)
      throws Exception {
    harness.processElement(new StreamRecord<>(row(n, id, c)));
    harness.processWatermark(new Watermark(at(n)));
  }

  private static ChangeEvent row(int n, long id, String c) {
    return ChangeEvent.upsert(
        at(n), "", new byte[][] {ColumnValues.text(Long.toString(id)), ColumnValues.text(c)});
  }

  /** Position {@code n}: past the run's start, which the sink's first epoch must not go below. */
  private static long at(int n) {
    return BinlogPosition.encode("binlog.999999", 1_000L * n);
  }

  private static List<Long> ids(TestDatabase db) {
    return db.query("SELECT id FROM _t_gho ORDER BY id").stream()
        .map(r -> ((Number) r.get(0)).longValue())
        .toList();
  }
}
