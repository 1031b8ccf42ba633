package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.junit.jupiter.api.Test;

/**
 * A running job whose binlog source has finished is seen as such (the controller then fails the
 * migration instead of waiting for a lag that never falls): a bounded source named as the
 * migration's binlog source ends beside an unbounded one that keeps the job running.
 */
class BinlogEndedIT {
  @Test
  void aFinishedBinlogSourceIsSeenWhileTheJobRuns() throws Exception {
    Path state =
        Files.createDirectories(
            Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"))
                .resolve("binlog-ended"));
    try (EmbeddedFlink flink = EmbeddedFlink.start(state, 2)) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.fromSequence(1, 3).name(MigrationJob.BINLOG_UID).sinkTo(new DiscardingSink<>());
      env.addSource(new Forever()).name("row-copy").sinkTo(new DiscardingSink<>());
      JobID job = flink.cluster().submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
      Instant deadline = Instant.now().plusSeconds(60);
      while (!JobGraphs.binlogEnded(flink.finishedVertices(job))) {
        assertThat(Instant.now()).as("the binlog source to finish").isBefore(deadline);
        Thread.sleep(50);
      }
      assertThat(flink.status(job)).isEqualTo(JobStatus.RUNNING);
      assertThat(flink.finishedVertices(job)).noneMatch(n -> n.contains("row-copy"));
      flink.cancel(job);
    }
    assertThat(JobGraphs.binlogEnded(java.util.List.of("Source: binlog -> changes"))).isTrue();
    assertThat(JobGraphs.binlogEnded(java.util.List.of("Source: binlogx", "copy-progress")))
        .isFalse();
  }

  /** Runs until cancelled. */
  private static final class Forever implements SourceFunction<Long> {
    private volatile boolean running = true;

    @Override
    public void run(SourceContext<Long> ctx) throws Exception {
      while (running) {
        Thread.sleep(Duration.ofMillis(20).toMillis());
      }
    }

    @Override
    public void cancel() {
      running = false;
    }
  }
}
