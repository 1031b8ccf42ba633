package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec written by the controller comes back whole and builds the same job for a cluster. */
class MigrationJobMainTest {
  private static final JobSpec SPEC =
      new JobSpec(
          new ServerAddress("db1", 3306, "u", "p"),
          new ServerAddress("db1", 3306, "u", "p"),
          new ServerAddress("db1", 3306, "u", "p"),
          new TableRef("shop", "orders"),
          new TableRef("shop", "_orders_gho"),
          new TableSchema(
              List.of(
                  Column.of("id", "bigint", "bigint", false),
                  Column.of("note", "varchar", "varchar(20)", true)),
              "PRIMARY",
              new int[] {0}),
          new ColumnMapping(List.of("id", "note"), new int[] {0, 1}),
          new GhostKey(List.of("id"), true, List.of("PRIMARY"), List.of(), List.of()),
          new BinlogPosition("binlog.000003", 1234, "uuid:1-5"),
          42,
          3,
          ChunkSizing.adaptive(1000, java.time.Duration.ofMillis(250)),
          true,
          7000,
          CopyMode.STREAM,
          CopyHook.NONE);

  @Test
  void specSurvivesTheFileRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spec.bin");
    MigrationJobMain.writeSpec(SPEC, file);

    assertThat(Files.size(file)).isPositive();
    assertThat(MigrationJobMain.readSpec(file)).isEqualTo(SPEC);
  }

  /**
   * {@code spec/job-spec-session-32.bin} is {@link #SPEC} as the build of session 32 (commit
   * a8c4288) wrote it, before a spec named its state backend: that build's runs kept their state in
   * RocksDB, and their checkpoints restore only there.
   */
  @Test
  void aSpecWrittenBeforeTheStateBackendWasRecordedResumesInRocksDb() throws Exception {
    Path file =
        Path.of(MigrationJobMainTest.class.getResource("/spec/job-spec-session-32.bin").toURI());

    JobSpec earlier = MigrationJobMain.readSpec(file);

    assertThat(earlier.stateBackend()).isEqualTo("rocksdb");
    assertThat(earlier).isEqualTo(JobHarness.withStateBackend(SPEC, "rocksdb"));
    assertThat(SPEC.stateBackend()).isEqualTo("hashmap");
  }

  @Test
  void clusterJobHasTheEmbeddedJobsOperatorsAndParallelism() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobGraphs.configure(env, SPEC, Duration.ofSeconds(5));

    org.apache.flink.streaming.api.graph.StreamGraph graph = env.getStreamGraph();
    List<String> uids = new ArrayList<>();
    int sinkParallelism = 0;
    for (StreamNode node : graph.getStreamNodes()) {
      uids.add(node.getTransformationUID());
      if (MigrationJob.SINK_UID.equals(node.getTransformationUID())) {
        sinkParallelism = node.getParallelism();
      }
    }
    assertThat(uids)
        .contains(
            MigrationJob.BINLOG_UID,
            MigrationJob.CHANGES_UID,
            MigrationJob.SINK_UID,
            MigrationJob.COPY_UID,
            MigrationJob.COPY_PROGRESS_UID);
    assertThat(sinkParallelism).isEqualTo(3);
    assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5000);
    assertThat(
            graph
                .getJobConfiguration()
                .get(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND))
        .isEqualTo("hashmap");
  }
}
