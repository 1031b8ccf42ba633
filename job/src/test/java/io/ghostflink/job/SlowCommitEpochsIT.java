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

        // a checkpoint's barrier comes after the waiting epoch's commit: its changes have left
        // the pending state, which is all a restore would have of them
        write(harness, 5, 4, "four");
        assertThat(job.appliedPoint()).isEqualTo(at(4));
        harness.prepareSnapshotPreBarrier(1);
        harness.snapshot(1, GhostApplyOperator.MAX_COMMIT_SPACING_MS);
        assertThat(job.appliedPoint()).isEqualTo(at(5));
        assertThat(ids(db)).containsExactly(1L, 2L, 3L, 4L);
      } finally {
        db.execute("SET GLOBAL binlog_group_commit_sync_delay = 0");
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
    harness.processElement(
        new StreamRecord<>(
            ChangeEvent.upsert(
                at(n),
                "",
                new byte[][] {ColumnValues.text(Long.toString(id)), ColumnValues.text(c)})));
    harness.processWatermark(new Watermark(at(n)));
  }

  private static long at(int n) {
    return BinlogPosition.encode("binlog.000001", 1_000L * n);
  }

  private static List<Long> ids(TestDatabase db) {
    return db.query("SELECT id FROM _t_gho ORDER BY id").stream()
        .map(r -> ((Number) r.get(0)).longValue())
        .toList();
  }
}
