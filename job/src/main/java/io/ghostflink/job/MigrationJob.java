package io.ghostflink.job;

import io.ghostflink.operators.copy.ChangesToApply;
import io.ghostflink.operators.copy.ChunkCopySource;
import io.ghostflink.operators.copy.CopyFrontier;
import io.ghostflink.operators.copy.CopyProgressOperator;
import io.ghostflink.operators.model.BinlogPosition;
import io.ghostflink.operators.model.ChangeEvent;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import io.ghostflink.operators.progress.BinlogWatermarks;
import io.ghostflink.operators.sink.GhostApplyOperator;
import io.ghostflink.operators.sink.RowKeys;
import io.ghostflink.operators.source.BinlogDecoding;
import io.ghostflink.operators.source.BinlogSourceConfig;
import io.ghostflink.operators.source.ChangeEventDeserializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSources;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffsetBuilder;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires one migration into a Flink job: the binlog (Flink CDC, one reader) keyed by row key into
 * the ghost-table sink, and the parallel server-side row copy beside it.
 *
 * <p>The binlog source, its marker filter and the key-by all stay at parallelism 1 before the
 * shuffle, so every sink subtask has exactly one input channel and sees the same sequence of
 * watermarks: the epochs of docs/architecture.md need that.
 */
public final class MigrationJob {
  /** Stable operator ids: savepoints of one version restore into the next. */
  public static final String BINLOG_UID = "binlog";

  public static final String CHANGES_UID = "changes";
  public static final String SINK_UID = "ghost-apply";
  public static final String COPY_UID = "row-copy";
  public static final String COPY_PROGRESS_UID = "copy-progress";

  static final long WATERMARK_INTERVAL_MS = 20;

  /**
   * How long a record or watermark may wait in a network buffer on its way to the sink: not at all.
   * A flush after each one costs less than the flusher thread that a 2 ms timeout kept waking 500
   * times a second (4% of the process's CPU at 200 writer tx/s, docs/benchmarks.md, session 33).
   */
  static final long CHANGES_BUFFER_TIMEOUT_MS = 0;

  private MigrationJob() {}

  public static void build(StreamExecutionEnvironment env, JobSpec spec) {
    // the sink applies an epoch per watermark: a short interval shortens the cut-over's wait for
    // the drain point; when idle, watermarks only advance with the 100 ms heartbeat anyway
    env.getConfig().setAutoWatermarkInterval(WATERMARK_INTERVAL_MS);
    // every operator emits a new object per record and keeps none it has emitted: chained
    // operators may pass them on without Flink's defensive copy of each change
    env.getConfig().enableObjectReuse();
    BinlogDecoding.requireExact();
    List<TableRef> read = new ArrayList<>();
    List<String> tableNames = new ArrayList<>();
    List<TableSchema> schemas = new ArrayList<>();
    for (MovedTable t : spec.tables()) {
      read.add(t.original());
      tableNames.add(t.original().table());
      schemas.add(t.schema());
    }
    read.add(spec.original().changelog());

    BinlogSourceConfig config = new BinlogSourceConfig(spec.source());
    config
        .tables(spec.original().database(), read)
        .serverId(Integer.toString(spec.serverIdBase()))
        .serverTimeZone(spec.binlogZone())
        .startupOptions(StartupOptions.specificOffset(startOffset(spec.start())))
        .debeziumProperties(debeziumProperties());
    MySqlSource<ChangeEvent> binlog =
        MySqlSources.of(
            config,
            new ChangeEventDeserializer(
                spec.original().database(),
                tableNames,
                spec.original().changelog().table(),
                schemas,
                spec.tables().stream().map(MovedTable::ghost).toList()));

    DataStream<ChangeEvent> changes =
        env.fromSource(binlog, BinlogWatermarks.strategy(), "binlog")
            .uid(BINLOG_UID)
            .setParallelism(1)
            // changelog markers go on to one sink subtask, which records their GTID sets; a
            // change to a row the copy has not reached is left to the copy
            .transform("changes", TypeInformation.of(ChangeEvent.class), changesToApply(spec))
            .uid(CHANGES_UID)
            .setParallelism(1)
            // watermarks travel in the network buffers like records: at Flink's default 100 ms
            // flush they reached the sink 80-100 ms after the sentinel did, inside the cut-over;
            // flushed after each record and watermark, they reach it at once
            .setBufferTimeout(CHANGES_BUFFER_TIMEOUT_MS);

    changes
        .keyBy(new RowKeys(schemas))
        .transform("ghost-apply", Types.VOID, new GhostApplyOperator(spec.sinks()))
        .uid(SINK_UID)
        .setParallelism(spec.parallelism());

    for (int i = 0; spec.copyRows() && i < schemas.size(); i++) {
      // the first table's operators keep their ids: savepoints of one table restore as before
      String suffix = i == 0 ? "" : "-" + i;
      env.fromSource(
              new ChunkCopySource(spec.copy(i)),
              WatermarkStrategy.noWatermarks(),
              "row-copy" + suffix)
          .uid(COPY_UID + suffix)
          .setParallelism(spec.copyReaders())
          .transform(
              "copy-progress" + suffix,
              Types.VOID,
              new CopyProgressOperator(
                  spec.target(),
                  spec.progress(),
                  spec.primary(),
                  spec.original().changelog(),
                  spec.runId(),
                  i))
          .uid(COPY_PROGRESS_UID + suffix)
          .setParallelism(1);
    }
  }

  /**
   * The filter before the sink: per table, its schema where a change to a row the copy has not
   * reached can be left to the copy ({@link CopyFrontier#tracks}; only while the job copies).
   */
  static ChangesToApply changesToApply(JobSpec spec) {
    List<MovedTable> tables = spec.tables();
    TableSchema[] tracked = new TableSchema[tables.size()];
    for (int i = 0; i < tracked.length; i++) {
      MovedTable t = tables.get(i);
      tracked[i] =
          spec.copyRows() && CopyFrontier.tracks(t.schema(), t.ghostKey()) ? t.schema() : null;
    }
    return new ChangesToApply(tracked);
  }

  /**
   * Where a fresh job starts reading: at the GTID set the server had executed at the start position
   * (read with it, at one instant), and by it, as a resumed job reads. The binlog client's
   * keepalive then opens an ended connection again by its GTID set, which it advances at each
   * transaction's commit: the transaction the connection ended inside is sent again from its start,
   * its changes applied twice in order, which ends as once. Opened again by file and position, at
   * the event after the last one it read, the server sent the next transaction instead, and the
   * rest of the one it had stopped inside was lost: 84,000 of 100,000 rows of one {@code INSERT …
   * SELECT}, where the apply's back-pressure held the reader past the keepalive (session 60; the
   * checksum copied them again). By file and position only where the controller gave no GTID set:
   * where {@code gtid_mode} is not ON ({@code ProgressReader.readingStart}).
   */
  static BinlogOffset startOffset(BinlogPosition start) {
    BinlogOffsetBuilder offset =
        BinlogOffset.builder().setBinlogFilePosition(start.file(), start.offset());
    if (!start.gtidSet().isBlank()) {
      // SHOW MASTER STATUS writes a set of several servers' transactions one server a line
      offset.setGtidSet(start.gtidSet().replaceAll("\\s", ""));
    }
    return offset.build();
  }

  /** Debezium's property for how often the binlog client checks that its connection lives. */
  static final String KEEP_ALIVE_INTERVAL = "connect.keep.alive.interval.ms";

  /**
   * The binlog client's keepalive: a connection that ended (a DBA's or pt-kill's {@code KILL} of
   * the binlog dump, a proxy's idle timeout, a network fault) is opened again, from where it
   * stopped, once no event came for this long, checked this often. Debezium's default, one minute,
   * held the apply 60–120 s after such an end while the application went on writing, and the copy
   * with it (its lag past {@code --max-lag-millis}). Events never stop for that long during a
   * migration (the controller's heartbeat writes every 100 ms; the server adds its own after 0.8 of
   * this when nothing else comes), so five seconds of silence means the connection is gone; a
   * reader held that long by the apply's back-pressure reconnects too, which only replays changes
   * already applied (idempotent, docs/architecture.md). gh-ost reconnects its binlog streamer after
   * five seconds as well.
   */
  static final long KEEP_ALIVE_INTERVAL_MS = 5_000;

  private static Properties debeziumProperties() {
    Properties p = new Properties();
    p.setProperty("bigint.unsigned.handling.mode", "precise");
    p.setProperty("decimal.handling.mode", "precise");
    p.setProperty("binary.handling.mode", "bytes");
    // dates pass as MySQL stored them: no "two-digit year" guess turning 0050-01-01 into 2050
    p.setProperty("enable.time.adjuster", "false");
    // Debezium sleeps this long when its queue is empty; the default 500 ms is added to the
    // cut-over's wait for the drain point
    p.setProperty("poll.interval.ms", "10");
    p.setProperty(KEEP_ALIVE_INTERVAL, Long.toString(KEEP_ALIVE_INTERVAL_MS));
    return p;
  }
}
