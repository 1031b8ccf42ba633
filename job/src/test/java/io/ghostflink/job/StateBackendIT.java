package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * New runs keep their keyed state on the heap; a run begun by an earlier build kept it in RocksDB,
 * and its checkpoints restore only there. The job takes the backend from its spec, not from the
 * cluster: a RocksDB run resumes from its checkpoint on a cluster whose default is the heap,
 * without losing a row, where the heap backend refuses that checkpoint.
 */
@ExtendWith(MysqlExtension.class)
class StateBackendIT {
  private static final int ROWS = 20_000;

  @TempDir Path stateDir;

  @Test
  void aRunBegunInRocksDbResumesFromItsCheckpointInRocksDb(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    JobHarness.createSysbenchTable(db, ROWS);
    try (JobHarness harness =
            JobHarness.prepare(
                db,
                mysql,
                "t",
                "ADD COLUMN c2 INT NOT NULL DEFAULT 0",
                1,
                200,
                CopyMode.STREAM,
                (chunk) -> Thread.sleep(20)); // keeps the copy running past a checkpoint
        EmbeddedFlink flink = EmbeddedFlink.start(stateDir, 4);
        Workload workload = Workload.start(db, "t", 2L * ROWS, 2, 100, 7)) {
      assertThat(harness.spec.stateBackend()).isEqualTo(JobSpec.STATE_BACKEND);
      JobSpec earlier = JobHarness.withStateBackend(harness.spec, "rocksdb");

      JobID first = flink.submit(earlier, Duration.ofMillis(300), null);
      JobHarness.await(() -> JobHarness.completedCheckpoints(flink, first) >= 2, "two checkpoints");
      assertThat(harness.copyDone()).as("the copy still runs at the checkpoint").isFalse();
      flink.cancel(first);
      Path checkpoint = latestCheckpoint(first);

      // the heap backend cannot read it: the job fails on restore
      JobID wrong = flink.submit(harness.spec, Duration.ofMillis(300), checkpoint.toString());
      JobHarness.await(
          () -> restarted(flink, wrong) || status(flink, wrong) == JobStatus.FAILED,
          "the heap backend's restore to fail");
      assertThat(status(flink, wrong)).isNotEqualTo(JobStatus.FINISHED);
      assertThat(
              flink
                  .cluster()
                  .getExecutionGraph(wrong)
                  .get()
                  .getFailureInfo()
                  .getExceptionAsString())
          .contains("Failed when trying to restore heap backend");
      flink.cancel(wrong);

      JobID resumed = flink.submit(earlier, Duration.ofMillis(300), checkpoint.toString());
      long before = workload.committed();
      JobHarness.await(
          () -> workload.committed() >= before + 50, "50 transactions during the resumed job");
      workload.close();
      assertThat(workload.committed()).isGreaterThan(50);
      harness.awaitDrained();
      assertThat(restarted(flink, resumed)).as("the resumed job restarted").isFalse();
      flink.cancel(resumed);
    }
    List<List<Object>> original = db.query("SELECT id, k, c, pad FROM t ORDER BY id");
    assertThat(db.query("SELECT id, k, c, pad FROM _t_gho ORDER BY id"))
        .containsExactlyElementsOf(original);
  }

  private Path latestCheckpoint(JobID job) throws java.io.IOException {
    try (Stream<Path> dirs =
        Files.list(stateDir.resolve("checkpoints").resolve(job.toHexString()))) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .max(
              Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().substring(4))))
          .orElseThrow();
    }
  }

  private static boolean restarted(EmbeddedFlink flink, JobID job) {
    try {
      return flink.cluster().getExecutionGraph(job).get().getStatusTimestamp(JobStatus.RESTARTING)
          > 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static JobStatus status(EmbeddedFlink flink, JobID job) {
    try {
      return flink.status(job);
    } catch (Exception e) {
      return JobStatus.INITIALIZING;
    }
  }
}
