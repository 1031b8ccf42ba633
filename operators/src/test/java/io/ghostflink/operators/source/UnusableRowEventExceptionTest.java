package io.ghostflink.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import io.debezium.DebeziumException;
import java.io.IOException;
import org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class UnusableRowEventExceptionTest {
  /** The failure of the binlog reader's task, wrapped as Flink CDC and Debezium wrap it. */
  private static Throwable asTheTaskFails(Throwable decoding) {
    EventDataDeserializationException event =
        new EventDataDeserializationException(new EventHeaderV4(), decoding);
    return new RuntimeException(
        "One or more fetchers have encountered exception",
        new RuntimeException(
            "SplitFetcher thread 0 received unexpected exception while polling the records",
            new ConnectException(
                "An exception occurred in the change event producer. This connector will be"
                    + " stopped.",
                new DebeziumException(event.getMessage(), event))));
  }

  @Test
  void aPartialRowImageFailsTheJobWithoutRestarts() {
    assertThat(
            ExecutionFailureHandler.isUnrecoverableError(
                asTheTaskFails(new UnusableRowEventException("a row change of w.t … MINIMAL"))))
        .isTrue();
  }

  @Test
  void otherDecodingFailuresStillRestartTheJob() {
    // a connection cut inside an event: the next attempt reads it whole
    assertThat(
            ExecutionFailureHandler.isUnrecoverableError(
                asTheTaskFails(new IOException("the binlog ended inside a row event"))))
        .isFalse();
  }
}
