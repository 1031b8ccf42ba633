package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.beforeFirstCutover;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withParallelism;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.flink.FlinkSession;
import io.ghostflink.controller.flink.JobRunner;
import io.ghostflink.controller.hooks.HookSettings;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.StandaloneFlink;
import io.ghostflink.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Migrations whose job runs on a standalone Flink session cluster in JVMs of its own (a JobManager
 * and two task managers), submitted over its REST API with the shaded job jar, as on a data
 * platform's cluster. Under writes, the swap equals the original row for row: as it is, paused and
 * resumed at another parallelism, with task managers killed (SIGKILL) mid-copy and mid-apply, and
 * with the controller killed while its job runs on.
 */
@ExtendWith(MysqlExtension.class)
// a migration that waits forever (a stuck restart, a held apply) fails here, not CI's 90 minutes
@org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class FlinkClusterIT {
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");

  private static final Path JOB_JAR = Path.of(System.getProperty("ghostflink.job.jar"));

  /** The password of the user the pause test migrates as: it must appear in no job graph. */
  private static final String SECRET = "Kx7-cluster-secret-4b1";

  private static StandaloneFlink cluster;
  private static Path clusterDir;

  /** The test server's own certificate authority, MySQL's {@code ca.pem}. */
  private static Path caFile;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterDir =
        Path.of(
                System.getProperty(
                    "ghostflink.test.work.dir", System.getProperty("java.io.tmpdir")))
            .resolve("flink-cluster-" + ProcessHandle.current().pid());
    cluster = StandaloneFlink.start(clusterDir, 2, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void movesATableToAnotherServerWithItsJobOnTheCluster(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    sysbenchTable(db, "t", 20_000);
    try (io.ghostflink.mysql.MysqlServer target =
            io.ghostflink.mysql.MysqlServer.start(
                io.ghostflink.mysql.MysqlServerSpec.named("cluster-move-target"));
        // the writers go on through the move: after the rename their writes are refused
        Workload workload = Workload.start(db, "t", 40_000, 3, 300, 59).refusing(1146)) {
      Path sourcePassword =
          Files.writeString(clusterDir.resolve("source-password"), mysql.password());
      Path targetPassword =
          Files.writeString(clusterDir.resolve("target-password"), target.password());
      MigrationOptions move =
          Migrations.moving(
                  db, mysql, "t", target, java.time.Duration.ofSeconds(20), HookSettings.NONE)
              .onCluster(
                  new FlinkSession(
                      cluster.restUrl(),
                      JOB_JAR,
                      "file:" + sourcePassword,
                      "file:" + targetPassword,
                      null));
      MigrationSummary summary =
          new MigrationController(move, MigrationListener.NONE, CutoverHook.NONE).execute();
      assertThat(summary.rowsCopied()).isPositive();
      TestDatabase onTarget = new TestDatabase(target, db.name());
      String digest = "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('#', id, k, c, pad))) FROM ";
      assertThat(onTarget.query(digest + "t")).isEqualTo(db.query(digest + "_t_del"));
      assertThat(Migrations.hasTable(db, "t")).as("the source table is renamed away").isFalse();
    }
  }

  /** Every test starts with two live task managers, whatever the one before it killed. */
  @BeforeEach
  void twoTaskManagers() throws Exception {
    cluster.keepTaskManagers(2);
  }

  /** The job on the cluster, reading the MySQL password from a file there. */
  private static MigrationOptions onCluster(MigrationOptions o) throws java.io.IOException {
    Path password = Files.writeString(clusterDir.resolve("mysql-password"), o.server().password());
    return o.onCluster(
        new FlinkSession(
            cluster.restUrl(),
            JOB_JAR,
            "file:" + password,
            FlinkSession.DEFAULT_TARGET_PASSWORD_FROM,
            null));
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

  @Test
  void pausedOnTheClusterResumesThereAtAnotherParallelismWithNoPasswordInTheJob(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", 30_000);
    db.execute(
        "CREATE USER IF NOT EXISTS 'gf_cluster'@'%' IDENTIFIED WITH mysql_native_password BY '"
            + SECRET
            + "'",
        // no session without TLS: the job's on the task managers must verify the server's
        // certificate with --ssl-ca, which reaches them as text in the job
        "ALTER USER 'gf_cluster'@'%' REQUIRE SSL",
        "GRANT ALL ON *.* TO 'gf_cluster'@'%'");
    Path datadir = Path.of((String) db.scalar("SELECT @@datadir"));
    caFile = datadir.resolve((String) db.scalar("SELECT @@GLOBAL.ssl_ca"));
    Path state = Migrations.freshStateDir(db);
    Path password = Files.writeString(state.resolve("password"), SECRET);
    // checkpoints and savepoints elsewhere than the state dir, as on S3: found again on resume
    URI checkpoints = clusterDir.resolve("shared-checkpoints").resolve(db.name()).toUri();
    List<String> migrate =
        asClusterUser(migrateOnCluster(Migrations.cliArgs("migrate", mysql, password, db, state)));
    migrate.addAll(List.of("--checkpoint-dir", checkpoints.toString()));
    try (Workload workload = Workload.start(db, "t", 60_000, 3, 300, 43)) {
      java.util.concurrent.CompletableFuture<String> paused =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> cli(migrate));
      Migrations.await(() -> "COPY".equals(Migrations.state(db)), "the copy");
      cli(asClusterUser(Migrations.cliArgs("pause", mysql, password, db, state)));
      assertThat(paused.get(2, java.util.concurrent.TimeUnit.MINUTES))
          .contains("paused the migration")
          .contains(Path.of(checkpoints).resolve("savepoints").toString());
      writesGoOn(workload); // while paused: the resumed job must catch up on them
    }
    assertThat(cli(asClusterUser(Migrations.cliArgs("status", mysql, password, db, state))))
        .contains("flink: the session cluster at " + cluster.restUrl())
        .contains("resume possible: yes, from its savepoint");
    // the job the cluster ran, as the controller built it, and what it left on disk
    byte[] spec = Files.readAllBytes(state.resolve("job-spec.bin"));
    byte[] graph =
        org.apache.flink.util.InstantiationUtil.serializeObject(
            io.ghostflink.job.JobGraphs.build(
                io.ghostflink.job.JobGraphs.jobConfiguration(state),
                io.ghostflink.job.MigrationJobMain.readSpec(state.resolve("job-spec.bin")),
                java.time.Duration.ofSeconds(1),
                null));
    for (byte[] bytes : List.of(spec, graph)) {
      assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
          .contains("gf_cluster")
          .doesNotContain(SECRET);
    }
    List<String> resume = asClusterUser(Migrations.cliArgs("resume", mysql, password, db, state));
    resume.addAll(List.of("--parallelism", "3", "--flink-password-from", "file:" + password));
    cli(resume);
    assertThat(newestJob("ghostflink " + db.name() + ".t run "))
        .as("the resumed job, rescaled")
        .contains("\"parallelism\":3");
    assertSameRows(db, "t", SAME);
  }

  /**
   * {@code args} (a migrate command line) executing {@link #ALTER} in 200-row chunks with its job
   * on the cluster, which reads the password from the same file as the controller.
   */
  private static List<String> migrateOnCluster(List<String> args) {
    String password = args.get(args.indexOf("--password-file") + 1);
    args.addAll(
        List.of(
            "--alter",
            ALTER,
            "--execute",
            "--chunk-time",
            "0",
            "--chunk-size",
            "200",
            "--flink-rest-url",
            cluster.restUrl().toString(),
            "--flink-password-from",
            "file:" + password));
    return args;
  }

  /**
   * {@code args} as the account {@code gf_cluster}, which needs TLS: given with {@code --ssl-ca}.
   */
  private static List<String> asClusterUser(List<String> args) {
    args.set(args.indexOf("--user") + 1, "gf_cluster");
    args.addAll(List.of("--ssl-ca", caFile.toString()));
    return args;
  }

  /** Runs the CLI in this JVM; returns what it printed, failing on a non-zero exit but a pause. */
  private static String cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        io.ghostflink.controller.cli.Ghostflink.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    String printed = out + "\n" + err;
    assertThat(code == 0 || printed.contains("paused the migration"))
        .as(args.get(0) + " exited with " + code + ": " + printed)
        .isTrue();
    return printed;
  }

  @Test
  void taskManagersKilledMidCopyAndMidApplyTheJobRecoversOnTheOthers(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", 60_000);
    AtomicReference<JobRunner> runner = new AtomicReference<>();
    try (Workload workload = Workload.start(db, "t", 120_000, 3, 300, 47)) {
      MigrationListener kills =
          new MigrationListener() {
            @Override
            public void jobStarted(JobRunner r) {
              runner.set(r);
            }

            @Override
            public void progress(Progress p) {
              // mid-copy, once a checkpoint holds some of it: the first task manager dies
              if (p.copiedRows() > 0 && Migrations.newestCheckpoint(db) >= 0) {
                killOnce(0);
              }
            }

            @Override
            public void phase(MigrationPhase now) {
              if (now == MigrationPhase.APPLY) {
                // a fresh task manager joins, and the other original one dies
                killOnce(1);
              }
            }
          };
      MigrationSummary summary =
          new MigrationController(
                  onCluster(withParallelism(options(db, mysql, "t", ALTER), 2)),
                  kills,
                  beforeFirstCutover(workload::close))
              .execute();
      assertThat(summary.changesApplied()).isPositive();
    }
    assertThat(killed).containsExactly(0, 1);
    assertThat(cluster.rest("/jobs/" + runner.get().job() + "/exceptions"))
        .as("the job saw its task managers go")
        .contains("exceptionName");
    assertSameRows(db, "t", SAME);
  }

  private final java.util.List<Integer> killed = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void killOnce(int taskManager) {
    if (killed.contains(taskManager)) {
      return;
    }
    killed.add(taskManager);
    try {
      if (taskManager == 1) {
        cluster.startTaskManager();
      }
      cluster.killTaskManager(taskManager);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void controllerKilledWhileItsJobRunsOnTheClusterResumeStopsThatJobFirst(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    sysbenchTable(db, "t", 100_000);
    Path state = Migrations.freshStateDir(db);
    Path password = Files.writeString(state.resolve("password"), mysql.password());
    int metricsPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      metricsPort = free.getLocalPort();
    }
    List<String> args = migrateOnCluster(Migrations.cliArgs("migrate", mysql, password, db, state));
    args.addAll(
        List.of(
            "--checkpoint-interval",
            "300ms",
            "--flink-job-jar",
            JOB_JAR.toString(),
            "--metrics-port",
            Integer.toString(metricsPort),
            "--server-id",
            Integer.toString(7800 + (int) (ProcessHandle.current().pid() % 100))));
    String name = "ghostflink " + db.name() + ".t run ";
    try (Workload writers = Workload.start(db, "t", 200_000, 3, 300, 53)) {
      assertThat(writers).isNotNull();
      Process controller =
          Migrations.startJvm(state, "io.ghostflink.controller.cli.Ghostflink", args);
      try {
        Migrations.await(
            () -> "COPY".equals(Migrations.state(db)) && Migrations.newestCheckpoint(db) >= 0,
            "a checkpoint in COPY");
        // what a platform scrapes: the job's metrics from Flink's Prometheus reporter on the task
        // managers, the controller's from its own endpoint
        long copied = rowsCopied();
        Migrations.await(() -> rowsCopied() > copied, "the rows-copied counter to rise");
        assertThat(cluster.taskManagerMetrics())
            .contains("flink_taskmanager_job_task_operator_ghostflink_changesApplied")
            .contains("flink_taskmanager_job_task_operator_currentEmitEventTimeLag");
        String controllerMetrics =
            new String(
                java.net
                    .URI
                    .create("http://127.0.0.1:" + metricsPort + "/metrics")
                    .toURL()
                    .openStream()
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(controllerMetrics)
            .contains("ghostflink_phase{phase=\"COPY\"} 1")
            .contains("ghostflink_ghost_lag_seconds ")
            .contains("ghostflink_rows_copied ");
      } finally {
        controller.destroyForcibly().waitFor();
      }
      assertThat(runningJobs(name)).as("the job outlives its controller").isEqualTo(1);
      writesGoOn(writers); // while no controller runs: the resumed job must catch up on them
    }
    List<String> resume = Migrations.cliArgs("resume", mysql, password, db, state);
    resume.addAll(List.of("--flink-password-from", "file:" + password));
    assertThat(cli(resume))
        .contains("cancelled the stopped run's Flink job still running on " + cluster.restUrl());
    assertThat(runningJobs(name)).as("no job left running").isZero();
    assertSameRows(db, "t", SAME);
  }

  /** The details (/jobs/:id) of the newest job whose name starts with {@code name}. */
  private static String newestJob(String name) throws Exception {
    String newest = null;
    long start = -1;
    for (com.fasterxml.jackson.databind.JsonNode job :
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(cluster.rest("/jobs/overview"))
            .get("jobs")) {
      if (job.get("name").asText().startsWith(name) && job.get("start-time").asLong() > start) {
        start = job.get("start-time").asLong();
        newest = job.get("jid").asText();
      }
    }
    assertThat(newest).as("a job named " + name).isNotNull();
    return cluster.rest("/jobs/" + newest);
  }

  /** Waits until {@code workload} has committed 100 more transactions. */
  private static void writesGoOn(Workload workload) throws InterruptedException {
    long committed = workload.committed();
    Migrations.await(() -> workload.committed() >= committed + 100, "100 more writes");
  }

  /** The rows the copy readers on the cluster's task managers report copied (Prometheus). */
  private static long rowsCopied() {
    long sum = 0;
    for (String line : cluster.taskManagerMetrics().split("\n")) {
      if (line.startsWith("flink_taskmanager_job_task_operator_ghostflink_rowsCopied{")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** How many jobs whose name starts with {@code name} run on the cluster. */
  private static int runningJobs(String name) throws Exception {
    com.fasterxml.jackson.databind.JsonNode jobs =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(cluster.rest("/jobs/overview"))
            .get("jobs");
    int running = 0;
    for (com.fasterxml.jackson.databind.JsonNode job : jobs) {
      if (job.get("name").asText().startsWith(name)
          && java.util.Set.of("RUNNING", "CREATED", "RESTARTING", "INITIALIZING")
              .contains(job.get("state").asText())) {
        running++;
      }
    }
    return running;
  }
}
