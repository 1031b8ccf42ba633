package io.debezium.connector.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.util.LoggingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ghostflink's hand-off queue keeps Debezium's contract (batches, buffering, back-pressure). */
class ChangeEventQueueTest {
  private static ChangeEventQueue<Integer> queue(
      Duration pollInterval, int maxQueueSize, int maxBatchSize, boolean buffering) {
    ChangeEventQueue.Builder<Integer> b =
        new ChangeEventQueue.Builder<Integer>()
            .pollInterval(pollInterval)
            .maxQueueSize(maxQueueSize)
            .maxBatchSize(maxBatchSize)
            .loggingContextSupplier(() -> LoggingContext.forConnector("test", "test", "test"));
    return (buffering ? b.buffering() : b).build();
  }

  @Test
  void isGhostflinksOwnOnTheClassPath() throws Exception {
    assertThat(ChangeEventQueue.class.getField("GHOSTFLINK").get(null)).isNotNull();
  }

  @Test
  void aFullBatchIsReturnedWithoutWaitingForTheInterval() throws Exception {
    // an interval far beyond the test's timeout: only a full batch can end the poll
    ChangeEventQueue<Integer> q = queue(Duration.ofHours(1), 100, 3, false);
    CompletableFuture<List<Integer>> polled =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return q.poll();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    for (int i = 1; i <= 4; i++) {
      q.enqueue(i);
    }
    assertThat(polled.get(30, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
    assertThat(q.remainingCapacity()).isEqualTo(99);
  }

  @Test
  void anUnfilledBatchIsReturnedWhenTheIntervalEnds() throws Exception {
    ChangeEventQueue<Integer> q = queue(Duration.ofMillis(5), 100, 10, false);
    assertThat(q.poll()).isEmpty();
    q.enqueue(7);
    q.enqueue(8);
    assertThat(q.poll()).containsExactly(7, 8);
    assertThat(q.poll()).isEmpty();
  }

  @Test
  void bufferingHoldsTheLastRecordBackUntilFlushed() throws Exception {
    ChangeEventQueue<Integer> q = queue(Duration.ofMillis(5), 100, 10, true);
    q.enqueue(1);
    q.enqueue(2);
    assertThat(q.poll()).containsExactly(1);
    q.flushBuffer(last -> last * 10);
    assertThat(q.poll()).containsExactly(20);
    q.disableBuffering();
    q.enqueue(3);
    assertThat(q.poll()).containsExactly(3);
  }

  @Test
  void disablingBufferingRefusesAnUnflushedRecord() throws Exception {
    ChangeEventQueue<Integer> q = queue(Duration.ofMillis(5), 100, 10, true);
    q.enqueue(1);
    assertThatThrownBy(q::disableBuffering).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFullQueueHoldsTheProducerUntilTheConsumerDrains() throws Exception {
    ChangeEventQueue<Integer> q = queue(Duration.ofMillis(5), 2, 2, false);
    CompletableFuture<Void> producer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 1; i <= 6; i++) {
                  q.enqueue(i);
                }
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    List<Integer> received = new ArrayList<>();
    while (received.size() < 6) {
      List<Integer> batch = q.poll();
      assertThat(batch.size()).isLessThanOrEqualTo(2);
      received.addAll(batch);
    }
    producer.get(30, TimeUnit.SECONDS);
    assertThat(received).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void theProducersFailureReachesTheConsumersNextPoll() throws Exception {
    // as in Debezium: the task fails, and the job restarts from its last checkpoint
    ChangeEventQueue<Integer> q = queue(Duration.ofMillis(5), 100, 10, false);
    assertThat(q.poll()).isEmpty();
    q.producerException(new IllegalArgumentException("binlog gone"));
    assertThatThrownBy(q::poll).hasMessage("binlog gone");
  }
}
