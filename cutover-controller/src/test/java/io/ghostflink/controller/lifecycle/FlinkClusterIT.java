package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withParallelism;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.flink.FlinkSession;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.MysqlInstance;
import io.ghostflink.testkit.StandaloneFlink;
import io.ghostflink.testkit.TestDatabase;
import io.ghostflink.testkit.Workload;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Migrations whose job runs on a standalone Flink session cluster in JVMs of its own (a JobManager
 * and two task managers), submitted over its REST API with the shaded job jar, as on a data
 * platform's cluster: the swap equals the original row for row under writes.
 */
@ExtendWith(MysqlExtension.class)
class FlinkClusterIT {
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");

  private static StandaloneFlink cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Path dir =
        Path.of(
                System.getProperty(
                    "ghostflink.test.work.dir", System.getProperty("java.io.tmpdir")))
            .resolve("flink-cluster-" + ProcessHandle.current().pid());
    cluster = StandaloneFlink.start(dir, 2, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static MigrationOptions onCluster(MigrationOptions o) {
    return o.onCluster(
        new FlinkSession(cluster.restUrl(), Path.of(System.getProperty("ghostflink.job.jar"))));
  }

  @Test
  void migratesOnTheClusterUnderWrites(TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", 30_000);
    try (Workload workload = Workload.start(db, "t", 60_000, 3, 300, 41)) {
      MigrationSummary summary =
          new MigrationController(
                  onCluster(withParallelism(options(db, mysql, "t", ALTER), 2)),
                  MigrationListener.NONE,
                  beforeFirstCutover(workload::close))
              .execute();
      assertThat(summary.changesApplied()).isPositive();
    }
    assertSameRows(db, "t", SAME);
  }
}
