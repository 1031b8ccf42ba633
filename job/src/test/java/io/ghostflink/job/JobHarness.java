package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.ChunkSizing;
import io.ghostflink.operators.copy.CopyHook;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.SchemaReader;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.mapping.ColumnMapper;
import io.ghostflink.operators.mapping.GhostKeys;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnMapping;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.sql.ChangelogSql;
import io.ghostflink.operators.sql.GhostDml;
import io.ghostflink.operators.sql.RecheckSql;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Prepares what the controller prepares before a job runs (ghost, changelog and progress tables,
 * the start position, schema and mapping), writes heartbeats, and waits for the job to drain.
 */
final class JobHarness implements AutoCloseable {
  private static final AtomicInteger SERVER_IDS = new AtomicInteger(5400);

  final TestDatabase db;
  final TableRef table;
  final JobSpec spec;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
  private Connection beats; // the heartbeat's thread only

  private JobHarness(TestDatabase db, TableRef table, JobSpec spec) {
    this.db = db;
    this.table = table;
    this.spec = spec;
    // on a session of ghostflink's own, as the controller writes it: the copy's planner reads any
    // other session's rows as an application writing
    String beat =
        "INSERT INTO `"
            + table.changelog().table()
            + "` (hint, value) VALUES ('heartbeat', NOW(6)) ON DUPLICATE KEY UPDATE value ="
            + " VALUES(value)";
    heartbeat.scheduleAtFixedRate(
        () -> {
          try {
            if (beats == null) {
              beats = Connections.open(spec.primary(), table.database());
              beats.setAutoCommit(true);
            }
            try (Statement s = beats.createStatement()) {
              s.executeUpdate(beat);
            }
          } catch (SQLException e) {
            throw new IllegalStateException("heartbeat failed: " + e.getMessage(), e);
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Table {@code t} shaped as sysbench's (the shape {@code Workload.start} writes), with {@code
   * rows} rows at the even ids from 2 to 2 × {@code rows}.
   */
  static void createSysbenchTable(TestDatabase db, int rows) {
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL DEFAULT 0,"
            + " c VARCHAR(120) NOT NULL DEFAULT '', pad VARCHAR(60) NOT NULL DEFAULT '',"
            + " KEY k_idx (k))",
        "SET SESSION cte_max_recursion_depth = 1000000",
        "INSERT INTO t (id, k, c, pad) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1"
            + " FROM seq WHERE n < "
            + rows
            + ") SELECT n * 2, n % 1000, MD5(n), LEFT(SHA1(n), 20) FROM seq");
  }

  /** Creates the migration tables for {@code table} with {@code alter} applied to the ghost. */
  static JobHarness prepare(
      TestDatabase db,
      MysqlInstance mysql,
      String table,
      String alter,
      int parallelism,
      int chunkSize)
      throws Exception {
    return prepare(db, mysql, table, alter, parallelism, chunkSize, CopyMode.SERVER, CopyHook.NONE);
  }

  /**
   * As above, copying in {@code mode}; {@code hook} runs between a stream copy's read and write.
   */
  static JobHarness prepare(
      TestDatabase db,
      MysqlInstance mysql,
      String table,
      String alter,
      int parallelism,
      int chunkSize,
      CopyMode mode,
      CopyHook hook)
      throws Exception {
    return prepare(db, mysql, table, alter, parallelism, ChunkSizing.fixed(chunkSize), mode, hook);
  }

  /** As above, with chunks sized by {@code sizing}. */
  static JobHarness prepare(
      TestDatabase db,
      MysqlInstance mysql,
      String table,
      String alter,
      int parallelism,
      ChunkSizing sizing,
      CopyMode mode,
      CopyHook hook)
      throws Exception {
    TableRef t = new TableRef(db.name(), table);
    db.execute(
        "CREATE TABLE `" + t.ghost().table() + "` LIKE `" + table + "`",
        "ALTER TABLE `" + t.ghost().table() + "` " + alter,
        ChangelogSql.create(t.changelog()),
        GhostDml.createProgressTable(t.progress()));
    List<Object> master = db.query("SHOW MASTER STATUS").get(0);
    BinlogPosition start =
        new BinlogPosition(
            (String) master.get(0), ((Number) master.get(1)).longValue(), (String) master.get(4));
    TableSchema schema;
    ColumnMapping mapping;
    GhostKeys.Plan keys;
    try (Connection c = db.connect()) {
      schema = SchemaReader.read(c, t).orElseThrow();
      List<Column> ghostColumns = SchemaReader.columns(c, t.ghost());
      mapping = ColumnMapper.map(schema, ghostColumns, Map.of(), Set.of());
      keys =
          GhostKeys.plan(
              schema.columns(),
              SchemaReader.uniqueKeys(c, t),
              ghostColumns,
              SchemaReader.uniqueKeys(c, t.ghost()),
              mapping);
      schema = TableSchema.of(schema.columns(), keys.rowKey());
      if (!keys.ghostKey().riskyKeys().isEmpty()) {
        db.execute(RecheckSql.create(t.recheck(), schema.keyColumnList()));
      }
    }
    ServerAddress server =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    JobSpec spec =
        new JobSpec(
            server,
            server,
            server,
            t,
            t.ghost(),
            schema,
            mapping,
            keys.ghostKey(),
            start,
            System.nanoTime(),
            parallelism,
            sizing,
            true,
            SERVER_IDS.getAndIncrement(),
            mode,
            hook);
    return new JobHarness(db, t, spec);
  }

  /** {@code spec} with its keyed state in {@code backend}, as a run of an earlier build had it. */
  static JobSpec withStateBackend(JobSpec spec, String backend) {
    return new JobSpec(
        spec.primary(),
        spec.source(),
        spec.target(),
        spec.original(),
        spec.ghost(),
        spec.schema(),
        spec.mapping(),
        spec.ghostKey(),
        spec.start(),
        spec.runId(),
        spec.parallelism(),
        spec.chunking(),
        spec.copyRows(),
        spec.serverIdBase(),
        spec.copyMode(),
        spec.copyHook(),
        spec.more(),
        spec.maxCheckpointAgeRatio(),
        spec.maxLatencyRatio(),
        spec.niceRatio(),
        spec.quietParallelism(),
        spec.maxCpuRatio(),
        backend,
        "UTC");
  }

  /**
   * Checkpoints {@code job} has completed, as Flink counts them (0 before it runs): its directory
   * keeps only the last 3.
   */
  static long completedCheckpoints(EmbeddedFlink flink, org.apache.flink.api.common.JobID job) {
    try {
      var stats = flink.cluster().getExecutionGraph(job).get().getCheckpointStatsSnapshot();
      return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    } catch (Exception e) {
      return 0;
    }
  }

  long copiedChunks() {
    List<List<Object>> rows = db.query(GhostDml.copyProgress(table.progress()), spec.runId());
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(1)).longValue();
  }

  boolean copyDone() {
    List<List<Object>> rows = db.query(GhostDml.copyProgress(table.progress()), spec.runId());
    return !rows.isEmpty() && ((Number) rows.get(0).get(2)).intValue() == 1;
  }

  long appliedPoint() {
    List<Object> row =
        db.query(GhostDml.appliedPoint(table.progress()), spec.runId(), spec.runId()).get(0);
    return row.get(0) == null || ((Number) row.get(1)).intValue() < spec.parallelism()
        ? Long.MIN_VALUE
        : ((Number) row.get(0)).longValue();
  }

  /**
   * Waits until the copy is done and then until every change committed by then is in the ghost
   * table. The drain point is read after the copy is done: changes written during the copy (as a
   * copy hook writes them) are part of what must drain.
   */
  void awaitDrained() throws InterruptedException {
    await(this::copyDone, "the copy to finish");
    List<Object> end = db.query("SHOW MASTER STATUS").get(0);
    long drain = BinlogPosition.encode((String) end.get(0), ((Number) end.get(1)).longValue());
    await(() -> appliedPoint() >= drain - 1, "the job to drain");
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
      if (beats != null) {
        beats.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      // the server may be gone already; the session ends with it
    }
  }
}
