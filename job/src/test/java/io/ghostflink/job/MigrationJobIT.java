package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job alone (no controller), in both copy modes: copy plus binlog apply under a concurrent
 * write workload, with the task manager lost mid-copy or mid-apply; after draining, the ghost table
 * equals the original.
 */
@ExtendWith(MysqlExtension.class)
class MigrationJobIT {
  private static final int ROWS = 30_000;

  private enum Failure {
    NONE,
    DURING_COPY,
    DURING_APPLY
  }

  @TempDir Path stateDir;

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void ghostTableEqualsOriginalAfterCopyAndApplyUnderLoad(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    migrate(db, mysql, Failure.NONE, mode);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void taskManagerLostDuringCopyRestoresFromCheckpointWithoutLosingARow(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    migrate(db, mysql, Failure.DURING_COPY, mode);
  }

  @ParameterizedTest
  @EnumSource(CopyMode.class)
  void taskManagerLostDuringApplyRestoresFromCheckpointWithoutLosingARow(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    migrate(db, mysql, Failure.DURING_APPLY, mode);
  }

  private void migrate(TestDatabase db, MysqlInstance mysql, Failure failure, CopyMode mode)
      throws Exception {
    JobHarness.createSysbenchTable(db, ROWS);
    try (JobHarness harness =
            JobHarness.prepare(
                db,
                mysql,
                "t",
                "ADD COLUMN c2 INT NOT NULL DEFAULT 0",
                2,
                300,
                mode,
                CopyHook.NONE);
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 8);
        Workload workload = Workload.start(db, "t", 2L * ROWS, 4, 300, 42)) {
      JobID job = flink.submit(harness.spec, Duration.ofMillis(300), null);

      if (failure == Failure.DURING_COPY) {
        JobHarness.await(
            () -> harness.copiedChunks() >= 10 && checkpointStarted(job), "10 chunks copied");
        assertThat(harness.copyDone())
            .as("copy still running when the task manager dies")
            .isFalse();
        loseTaskManager(flink);
      }
      JobHarness.await(harness::copyDone, "copy done");
      if (failure == Failure.DURING_APPLY) {
        long checkpointsBefore = JobHarness.completedCheckpoints(flink, job);
        JobHarness.await(
            () -> JobHarness.completedCheckpoints(flink, job) > checkpointsBefore,
            "a checkpoint after the copy");
        loseTaskManager(flink);
      }
      Thread.sleep(1_000); // let the workload run on after copy (and restore)
      workload.close();
      assertThat(workload.committed()).isGreaterThan(100);

      harness.awaitDrained();
      long restarted =
          flink.cluster().getExecutionGraph(job).get().getStatusTimestamp(JobStatus.RESTARTING);
      assertThat(restarted > 0).as("the job restarted").isEqualTo(failure != Failure.NONE);
      flink.cancel(job);
    }

    List<List<Object>> original = db.query("SELECT id, k, c, pad FROM t ORDER BY id");
    List<List<Object>> ghost = db.query("SELECT id, k, c, pad FROM _t_gho ORDER BY id");
    assertThat(original).hasSizeGreaterThan(ROWS / 2);
    assertThat(ghost).containsExactlyElementsOf(original);
    assertThat(db.scalar("SELECT COUNT(*) FROM _t_gho WHERE c2 <> 0")).isEqualTo(0L);
  }

  private void loseTaskManager(EmbeddedFlink flink) throws Exception {
    flink.cluster().terminateTaskManager(0).get();
    flink.cluster().startTaskManager();
  }

  private boolean checkpointStarted(JobID job) {
    Path dir = stateDir.resolve("checkpoints").resolve(job.toHexString());
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith("chk-"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
