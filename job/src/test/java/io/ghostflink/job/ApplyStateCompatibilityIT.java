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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checkpoints survive upgrades: the ghost-apply operator's state (pending changes per key as {@link
 * ChangeEvent} POJOs in keyed map state, their event-time timers, the applied point in union list
 * state) written by an earlier build restores in this one. {@code state/ghost-apply-v1.snapshot}
 * was written by state version 1 (the first release's serializers) with {@link
 * #writeVersionOneSnapshot}; a build that changes this state adds a {@code -v2} snapshot and keeps
 * the old ones restoring here.
 */
@ExtendWith(MysqlExtension.class)
class ApplyStateCompatibilityIT {
  private static final String TABLE =
      "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, c VARCHAR(20))";
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 7";
  private static final long P1 = BinlogPosition.encode("binlog.000001", 1_000);
  private static final long P2 = BinlogPosition.encode("binlog.000001", 2_000);
  private static final long P3 = BinlogPosition.encode("binlog.000001", 3_000);

  @Test
  void aVersionOneSnapshotRestoresItsPendingChangesAndAppliedPoint(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(TABLE);
    try (JobHarness job = JobHarness.prepare(db, mysql, "t", ALTER, 1, 100);
        KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> harness = harness(job)) {
      OperatorSubtaskState v1 =
          OperatorSnapshotUtil.readStateHandle(
              Path.of(
                      ApplyStateCompatibilityIT.class
                          .getResource("/state/ghost-apply-v1.snapshot")
                          .toURI())
                  .toString());
      harness.setup();
      harness.initializeState(v1);
      harness.open();

      // the snapshot's applied point is published before anything is written (seed 003)
      assertThat(job.appliedPoint()).isEqualTo(P1);
      harness.processWatermark(new Watermark(P3));
      assertThat(job.appliedPoint()).isEqualTo(P3);
    }
    // id 1 was written before the snapshot; id 2 (updated twice) and id 3 were pending in it
    assertThat(db.query("SELECT id, c, x FROM _t_gho ORDER BY id"))
        .containsExactly(List.of(2L, "two, again", 7), List.of(3L, "three", 7));
  }

  /** Writes the version-1 snapshot; run once with -Dghostflink.state.write=DIR. */
  @Test
  @EnabledIfSystemProperty(named = "ghostflink.state.write", matches = ".+")
  void writeVersionOneSnapshot(TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(TABLE);
    Path out = Path.of(System.getProperty("ghostflink.state.write"), "ghost-apply-v1.snapshot");
    Files.createDirectories(out.getParent());
    try (JobHarness job = JobHarness.prepare(db, mysql, "t", ALTER, 1, 100);
        KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> harness = harness(job)) {
      harness.open();
      harness.processElement(new StreamRecord<>(upsert(P1, 1, "one")));
      harness.processWatermark(new Watermark(P1));
      harness.processElement(new StreamRecord<>(upsert(P2, 2, "two")));
      harness.processElement(new StreamRecord<>(upsert(P3, 2, "two, again")));
      harness.processElement(new StreamRecord<>(upsert(P3, 3, "three")));
      OperatorSnapshotUtil.writeStateHandle(harness.snapshot(1, 1), out.toString());
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, Void> harness(
      JobHarness job) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new GhostApplyOperator(job.spec.sink()), new RowKeys(job.spec.schema()), Types.STRING);
  }

  private static ChangeEvent upsert(long position, long id, String c) {
    return ChangeEvent.upsert(
        position, "", new byte[][] {ColumnValues.text(Long.toString(id)), ColumnValues.text(c)});
  }
}
