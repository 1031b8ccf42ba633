package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.model.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** Which chunks the copy hands out while the controller throttles it or the redo log is full. */
class ChunkEnumeratorTest {
  private static final long MS = 1_000_000L;

  private static final TableRef T = new TableRef("db", "t");
  private static final CopySpec SPEC =
      new CopySpec(
          new ServerAddress("h", 3306, "u", "p"),
          new ServerAddress("h", 3306, "u", "p"),
          new ServerAddress("h", 3306, "u", "p"),
          T,
          T.ghost(),
          T.changelog(),
          new TableSchema(List.of(Column.of("id", "int", "int", false)), "PRIMARY", new int[] {0}),
          null,
          null,
          null,
          ChunkSizing.fixed(100),
          1,
          CopyMode.SERVER,
          CopyHook.NONE);

  @Test
  void aChunkGivenBackByAFailedReaderIsCopiedAgainWhileThrottledNewOnesWait() {
    Context context = new Context();
    // restored with chunk 4 given back (its reader died after its low mark), chunk 5 next
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context,
            SPEC,
            new ChunkCursor(5, new byte[][] {"500".getBytes()}, false, List.of(chunk(4))));
    enumerator.throttle("lag 1953 ms > max-lag-millis 1500");

    enumerator.handleSplitRequest(0, null);
    enumerator.handleSplitRequest(1, null);
    assertThat(context.assigned)
        .as("the returned chunk only: its high mark releases the apply the lag waits for")
        .containsExactly("4->0");

    enumerator.addSplitsBack(List.of(chunk(6)), 0);
    enumerator.throttle("lag 1953 ms > max-lag-millis 1500"); // the next poll of the throttle
    assertThat(context.assigned)
        .as("a chunk given back later goes to the reader that waited")
        .containsExactly("4->0", "6->1");
  }

  @Test
  void newChunksWaitWhileTheTargetsRedoLogIsFullerThanTheRatio() {
    Context context = new Context();
    // the last chunk is planned (nothing new to plan), chunk 4 was given back by a failed reader
    ChunkEnumerator enumerator =
        new ChunkEnumerator(context, withRedoRatio(0.6), new ChunkCursor(5, null, true, List.of()));
    enumerator.redo(0.7, OptionalDouble.empty(), 50_000_000L);
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).as("held at 70% > 60%").isEmpty();

    enumerator.redo(0.65, OptionalDouble.empty(), 100_000_000L);
    assertThat(context.assigned).as("still over the ratio").isEmpty();
    enumerator.addSplitsBack(List.of(chunk(4)), 1);
    enumerator.redo(0.65, OptionalDouble.empty(), 150_000_000L);
    assertThat(context.assigned)
        .as("a chunk given back is copied again while held, as under the throttle")
        .containsExactly("4->0");

    enumerator.handleSplitRequest(0, null);
    enumerator.redo(0.59, OptionalDouble.empty(), 200_000_000L);
    assertThat(context.assigned)
        .as("released once InnoDB's checkpoint brought the redo log under the ratio")
        .containsExactly("4->0", "end->0");
  }

  @Test
  void theOperatorsRatioOverridesTheFlagsAndAnUnknownFillNeverHolds() {
    Context context = new Context();
    ChunkEnumerator enumerator =
        new ChunkEnumerator(context, withRedoRatio(0.6), new ChunkCursor(5, null, true, List.of()));
    enumerator.redo(0.7, OptionalDouble.of(0.8), 250_000_000L);
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).as("set max-checkpoint-age-ratio=0.8").containsExactly("end->0");

    enumerator.redo(0.9, OptionalDouble.of(0), 300_000_000L);
    enumerator.handleSplitRequest(1, null);
    assertThat(context.assigned).as("0 turns the hold off").contains("end->1");

    ChunkEnumerator old =
        new ChunkEnumerator(context, withRedoRatio(0.6), new ChunkCursor(5, null, true, List.of()));
    old.redo(Double.NaN, OptionalDouble.empty(), 350_000_000L);
    old.handleSplitRequest(0, null);
    assertThat(context.assigned)
        .as("a server without the figures (before 8.0.30) is never held")
        .containsExactly("end->0", "end->1", "end->0");
  }

  @Test
  void aFullRedoLogHoldsNoChunkWhileNoOtherSessionChangesRows() {
    Context context = new Context();
    ChunkEnumerator enumerator =
        new ChunkEnumerator(context, withRedoRatio(0.6), new ChunkCursor(5, null, true, List.of()));
    enumerator.redo(0.9, 1_000, OptionalDouble.empty(), 0);
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).as("one reading: whether others write is not known").isEmpty();

    enumerator.redo(0.9, 1_001, OptionalDouble.empty(), 50_000_000L);
    assertThat(context.assigned)
        .as("others changed one row in 50 ms: nobody waits on the flush")
        .containsExactly("end->0");

    enumerator.redo(0.9, 1_050, OptionalDouble.empty(), 100_000_000L);
    enumerator.handleSplitRequest(1, null);
    assertThat(context.assigned).as("a writer came: held again").containsExactly("end->0");
  }

  @Test
  void aBusyMachineHoldsNewChunksWhileOthersWriteForAtMostASecondAtATime() {
    Context context = new Context();
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context, withRatios(0, 0, 0, 0, 0.75), new ChunkCursor(5, null, true, List.of()));
    long ms = 1_000_000L;
    enumerator.cpu(0.9, 1_000, 0);
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).as("over 75% busy, others may write").isEmpty();
    enumerator.cpu(0.6, 1_050, 50 * ms);
    assertThat(context.assigned).as("under it again").containsExactly("end->0");

    enumerator.cpu(0.9, 1_100, 100 * ms);
    enumerator.handleSplitRequest(1, null);
    enumerator.cpu(Double.NaN, 1_150, 150 * ms);
    assertThat(context.assigned).as("not known: not held").containsExactly("end->0", "end->1");

    enumerator.cpu(0.9, 1_200, 200 * ms);
    enumerator.handleSplitRequest(2, null);
    for (long t = 250; t < 1_200; t += 50) {
      enumerator.cpu(0.95, 1_200 + t, t * ms);
    }
    assertThat(context.assigned).as("held just under a second").hasSize(2);
    enumerator.cpu(0.95, 2_400, 1_200 * ms);
    assertThat(context.assigned)
        .as("after a second held, one reading lets the waiting readers take a chunk")
        .containsExactly("end->0", "end->1", "end->2");
    enumerator.cpu(0.95, 2_450, 1_250 * ms);
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).as("and the next holds again").hasSize(3);

    // nobody else writes for a second: a busy machine holds nothing
    enumerator.cpu(0.95, 2_450, 2_300 * ms);
    enumerator.cpu(0.95, 2_450, 2_600 * ms);
    assertThat(context.assigned).hasSize(4);
  }

  @Test
  void aReaderThatFailedWhileItWaitedIsNotSentAChunkWhenTheHoldEnds() {
    Context context = new Context();
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context, withRatios(0, 0, 0, 0, 0.75), new ChunkCursor(5, null, true, List.of()));
    enumerator.cpu(0.9, 1_000, 0);
    enumerator.handleSplitRequest(0, null);
    enumerator.handleSplitRequest(1, null);
    assertThat(context.assigned).isEmpty();
    context.failed.add(1); // its attempt failed; Flink unregistered it
    enumerator.cpu(0.5, 1_050, 50_000_000L);
    assertThat(context.assigned).containsExactly("end->0");
  }

  @Test
  void aReadingOfNothingEndsTheLatencyHold() {
    Context context = new Context();
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context, withLatencyRatio(3), new ChunkCursor(5, null, true, List.of()));
    enumerator.latency(0, 0, 0);
    enumerator.latency(100, 30_000_000_000L, 50_000_000L); // a hold starts: writers measured
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).isEmpty();
    // the controls read nothing once every chunk is planned; a hold started by a reading taken
    // just before must not outlive it (MigrationFaultsIT hung there)
    enumerator.redo(Double.NaN, OptionalDouble.empty(), 100_000_000L);
    assertThat(context.assigned).containsExactly("end->0");
  }

  @Test
  void newChunksWaitWhileOtherSessionsWritesAreMeasuredWithoutTheCopy() {
    Context context = new Context();
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context, withLatencyRatio(3), new ChunkCursor(5, null, true, List.of()));
    enumerator.latency(0, 0, 0);
    enumerator.latency(100, 30_000_000_000L, 50_000_000L); // 100 writes of 0.3 ms
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned).as("held while the baseline is measured").isEmpty();
    for (long i = 2; i <= 21; i++) {
      enumerator.latency(i * 100, i * 30_000_000_000L, i * 50_000_000L);
    }
    assertThat(context.assigned).as("released a second later").containsExactly("end->0");
  }

  @Test
  void anOperatorsNiceRatioReachesEveryReaderOnceAndLateReadersToo() {
    Context context = new Context();
    context.readers.put(0, new ReaderInfo(0, "a"));
    context.readers.put(1, new ReaderInfo(1, "b"));
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context, withRatios(0, 0, 0.5), new ChunkCursor(5, null, true, List.of()));
    enumerator.nice(OptionalDouble.empty());
    enumerator.addReader(0);
    assertThat(context.events).as("the flag's ratio: readers start with it").isEmpty();

    enumerator.nice(OptionalDouble.of(2));
    enumerator.nice(OptionalDouble.of(2));
    assertThat(context.events)
        .as("set nice-ratio=2, read twice")
        .containsExactly("CopyPace[niceRatio=2.0]->0", "CopyPace[niceRatio=2.0]->1");

    context.events.clear();
    context.readers.put(2, new ReaderInfo(2, "c"));
    enumerator.addReader(2);
    enumerator.nice(OptionalDouble.empty());
    assertThat(context.events)
        .as("a reader that registers later, then back to the flag's")
        .containsExactly(
            "CopyPace[niceRatio=2.0]->2",
            "CopyPace[niceRatio=0.5]->0",
            "CopyPace[niceRatio=0.5]->1",
            "CopyPace[niceRatio=0.5]->2");
  }

  @Test
  void theWritersLatencyHoldsPaceTheReadersUntilNoneComesForAWhile() {
    Context context = new Context();
    ChunkEnumerator enumerator = planningForOneReader(context, withLatencyRatio(3));
    long ms = 1_000_000L;
    long statements = 0;
    long picos = 0;
    // 100 writes of 0.3 ms every 50 ms: the baseline is measured (a hold, but no pace)
    long t = 0;
    for (; t <= 1_500; t += 50) {
      enumerator.latency(statements += 100, picos += 100 * 300_000_000L, t * ms);
    }
    assertThat(context.events).as("measuring the baseline paces nothing").isEmpty();
    for (; t <= 2_000; t += 50) {
      enumerator.latency(statements += 100, picos += 100 * 2_000_000_000L, t * ms); // 2 ms
    }
    assertThat(context.events)
        .as("the writers' latency holds the copy")
        .containsExactly("CopyPace[niceRatio=1.0]->0");
    for (; t <= 150_000; t += 50) {
      enumerator.latency(statements += 100, picos += 100 * 300_000_000L, t * ms);
    }
    assertThat(context.events)
        .as("every 15 s of copying without a hold: 0.8 times less, and under 0.25 none")
        .hasSize(8)
        .startsWith("CopyPace[niceRatio=1.0]->0", "CopyPace[niceRatio=0.8]->0")
        .endsWith("CopyPace[niceRatio=0.0]->0");
  }

  @Test
  void theRedoLogsHoldsDoNotPaceTheCopy() {
    Context context = new Context();
    ChunkEnumerator enumerator = planningForOneReader(context, withRedoRatio(0.6));
    long rows = 1_000;
    for (long t = 0; t <= 20_000; t += 50) {
      // InnoDB's checkpoint comes every 4 s: the copy is held at each
      double fill = (t % 4_000) < 3_000 ? 0.5 : 0.7;
      enumerator.redo(fill, rows += 50, OptionalDouble.empty(), t * 1_000_000L);
    }
    assertThat(context.events).isEmpty();
  }

  @Test
  void theReadersBeyondTheBusyOnesTakeChunksOnlyWhileNobodyElseWrites() {
    Context context = new Context();
    // two readers (the context's parallelism), one of them busy: --parallelism 1, quiet 2
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context,
            withBusyReaders(1),
            new ChunkCursor(0, null, false, List.of()),
            plannerOfChunks(4));
    enumerator.handleSplitRequest(0, null);
    enumerator.handleSplitRequest(1, null);
    assertThat(context.assigned)
        .as("whether others write is not known yet: the busy reader only")
        .containsExactly("0->0");

    enumerator.redo(Double.NaN, 1_000, OptionalDouble.empty(), 0);
    assertThat(context.assigned).as("one reading says nothing of a rate").hasSize(1);
    enumerator.redo(Double.NaN, 1_001, OptionalDouble.empty(), 300_000_000L);
    assertThat(context.assigned)
        .as("one row in 300 ms (a heartbeat): the second reader copies too")
        .containsExactly("0->0", "1->1");

    enumerator.redo(Double.NaN, 1_050, OptionalDouble.empty(), 600_000_000L);
    enumerator.handleSplitRequest(1, null);
    enumerator.handleSplitRequest(0, null);
    enumerator.handleSplitRequest(0, null);
    assertThat(context.assigned)
        .as("a writer came: the second reader waits, the busy one copies on to the last chunk")
        .containsExactly("0->0", "1->1", "2->0", "3->0");

    enumerator.redo(Double.NaN, 1_100, OptionalDouble.empty(), 650_000_000L);
    assertThat(context.assigned)
        .as("nothing left to plan: the waiting reader ends, though others still write")
        .containsExactly("0->0", "1->1", "2->0", "3->0", "end->1");
  }

  @Test
  void eachReaderCopiesAKeyRangeOfItsOwnAndTheRangesCoverTheTableOnce() {
    Context context = new Context();
    // keys 1..1000; the first lane ends at 250, so reader 0 runs out first
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            context, SPEC, new ChunkCursor(0, null, false, List.of()), plannerOfKeys(1000, 250));
    for (int i = 0; i < 14; i++) {
      enumerator.handleSplitRequest(i % 2, null);
    }

    assertThat(context.given.subList(0, 6))
        .extracting(e -> e.getKey() + ":" + bounds(e.getValue()))
        .as("reader 0 from the table's start, reader 1 from where its own lane begins")
        .containsExactly("0:-100", "1:250-350", "0:100-200", "1:350-450", "0:200-250", "1:450-550");
    assertThat(context.given.get(6))
        .extracting(e -> e.getKey() + ":" + bounds(e.getValue()))
        .as("its lane done, reader 0 starts halfway along what is left of reader 1's")
        .isEqualTo("0:775-875");
    assertThat(context.assigned).contains("end->0", "end->1");
    List<Chunk> all =
        context.given.stream()
            .map(Map.Entry::getValue)
            .sorted(
                java.util.Comparator.comparingInt(
                    c -> c.lower() == null ? 0 : Integer.parseInt(new String(c.lower()[0]))))
            .toList();
    assertThat(all.get(0).lower()).as("from the table's start").isNull();
    assertThat(all.get(all.size() - 1).upper()).as("to its end").isNull();
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).lower())
          .as("chunk %s begins where the one before it ends: no key twice, none left out", i)
          .isDeepEqualTo(all.get(i - 1).upper());
    }
    ChunkCursor state = enumerator.snapshotState(1);
    assertThat(state.exhausted()).isTrue();
    assertThat(state.lanes()).hasSize(3);
  }

  @Test
  void aCursorCheckpointedWithLanesPlansEachLaneOnAfterARestore() {
    Context context = new Context();
    ChunkCursor restored =
        new ChunkCursor(
            9,
            List.of(
                new ChunkCursor.Lane(
                    new byte[][] {"200".getBytes()}, new byte[][] {"250".getBytes()}, false),
                new ChunkCursor.Lane(new byte[][] {"900".getBytes()}, null, false)),
            List.of());
    ChunkEnumerator enumerator =
        new ChunkEnumerator(context, SPEC, restored, plannerOfKeys(1000, 500));
    for (int i = 0; i < 6; i++) {
      enumerator.handleSplitRequest(i % 2, null);
    }

    assertThat(context.given)
        .extracting(e -> e.getKey() + ":" + bounds(e.getValue()))
        .as("no new lanes: the checkpoint's, from where they stood")
        .containsExactly("0:200-250", "1:900-1000", "0:1000-");
    assertThat(context.assigned).endsWith("end->1", "end->0", "end->1");
  }

  private static String bounds(Chunk c) {
    return (c.lower() == null ? "" : new String(c.lower()[0]))
        + "-"
        + (c.upper() == null ? "" : new String(c.upper()[0]));
  }

  // a planner of a table of keys 1..{@code keys} whose second lane begins after {@code laneStart}
  private static ChunkPlanner plannerOfKeys(int keys, int laneStart) {
    return new ChunkPlanner(SPEC) {
      @Override
      Optional<byte[][]> nextUpperBound(byte[][] lower, byte[][] upper, int rows) {
        int end = key(lower, 0) + rows;
        return end <= key(upper, keys) ? Optional.of(key(end)) : Optional.empty();
      }

      @Override
      List<byte[][]> laneStarts(int lanes) {
        return List.<byte[][]>of(key(laneStart));
      }

      @Override
      Optional<byte[][]> splitPoint(byte[][] lower, byte[][] upper) {
        int from = key(lower, 0);
        int to = key(upper, keys);
        int middle = from + (to - from) / 2;
        return middle > from && middle < to ? Optional.of(key(middle)) : Optional.empty();
      }

      private int key(byte[][] bound, int open) {
        return bound == null ? open : Integer.parseInt(new String(bound[0]));
      }

      private byte[][] key(int k) {
        return new byte[][] {Integer.toString(k).getBytes()};
      }
    };
  }

  // one registered reader, and chunks still to plan: the planner paces only while it hands them out
  private static ChunkEnumerator planningForOneReader(Context context, CopySpec spec) {
    context.readers.put(0, new ReaderInfo(0, "a"));
    return new ChunkEnumerator(context, spec, new ChunkCursor(0, null, false, List.of()));
  }

  // a planner of a table of {@code chunks} chunks, without a server
  private static ChunkPlanner plannerOfChunks(int chunks) {
    return new ChunkPlanner(SPEC) {
      private int planned;

      @Override
      Optional<byte[][]> nextUpperBound(byte[][] lower, byte[][] upper, int rows) {
        planned++;
        return planned < chunks
            ? Optional.of(new byte[][] {Integer.toString(planned * rows).getBytes()})
            : Optional.empty();
      }

      @Override
      List<byte[][]> laneStarts(int lanes) {
        return List.of(); // one lane
      }

      @Override
      Optional<byte[][]> splitPoint(byte[][] lower, byte[][] upper) {
        return Optional.empty();
      }
    };
  }

  private static CopySpec withBusyReaders(int busy) {
    return withRatios(0, 0, 0, busy);
  }

  private static CopySpec withRedoRatio(double ratio) {
    return withRatios(ratio, 0);
  }

  private static CopySpec withLatencyRatio(double ratio) {
    return withRatios(0, ratio);
  }

  private static CopySpec withRatios(double redo, double latency) {
    return withRatios(redo, latency, 0);
  }

  private static CopySpec withRatios(double redo, double latency, double nice) {
    return withRatios(redo, latency, nice, 0);
  }

  @Test
  void whileNobodyElseWritesAdaptiveChunksAimAtTheQuietTarget() {
    Duration target = Duration.ofMillis(100);
    Duration quiet = Duration.ofMillis(500);
    ChunkEnumerator enumerator =
        new ChunkEnumerator(
            new Context(),
            withSizing(ChunkSizing.adaptive(1_000, target, quiet)),
            new ChunkCursor(5, new byte[][] {"500".getBytes()}, false, List.of()));
    enumerator.others(100, RedoGauge.Reading.NO_RECENT_WRITE, 0);
    assertThat(enumerator.sizing().targetTime()).as("one reading").isEqualTo(target);
    enumerator.others(100, RedoGauge.Reading.NO_RECENT_WRITE, 200 * MS);
    assertThat(enumerator.sizing().targetTime())
        .as("the statement history holds no write of another session, and none came since")
        .isEqualTo(quiet);
    enumerator.others(110, RedoGauge.Reading.NO_RECENT_WRITE, 250 * MS);
    assertThat(enumerator.sizing().targetTime())
        .as("10 more rows: until the next reading, perhaps a session of ghostflink's")
        .isEqualTo(quiet);
    enumerator.others(110, RedoGauge.Reading.NO_RECENT_WRITE, 500 * MS);
    assertThat(enumerator.sizing().targetTime()).as("a session changed 10 rows").isEqualTo(target);
    enumerator.others(110, -1, 10_200 * MS);
    assertThat(enumerator.sizing().targetTime()).as("9.95 s after them").isEqualTo(target);
    enumerator.others(110, -1, 10_250 * MS);
    assertThat(enumerator.sizing().targetTime()).as("10 s without a change").isEqualTo(quiet);
  }

  @Test
  void aWriteInTheStatementHistoryOrNoHistoryDelaysTheQuietTarget() {
    Duration target = Duration.ofMillis(100);
    Duration quiet = Duration.ofMillis(500);
    for (long[] history : new long[][] {{2_000 * MS, 8_000}, {-1, 10_000}}) {
      ChunkEnumerator enumerator =
          new ChunkEnumerator(
              new Context(),
              withSizing(ChunkSizing.adaptive(1_000, target, quiet)),
              new ChunkCursor(5, new byte[][] {"500".getBytes()}, false, List.of()));
      long silentFrom = history[1] * MS;
      enumerator.others(100, history[0], 0);
      enumerator.others(100, -1, silentFrom - 50 * MS);
      assertThat(enumerator.sizing().targetTime()).isEqualTo(target);
      enumerator.others(100, -1, silentFrom);
      assertThat(enumerator.sizing().targetTime())
          .as("a history of %s ns: quiet from %s ms", history[0], history[1])
          .isEqualTo(quiet);
    }
  }

  @Test
  void fixedChunksAndChunksWithoutAQuietTargetKeepTheirSize() {
    for (ChunkSizing sizing :
        List.of(ChunkSizing.fixed(2_000), ChunkSizing.adaptive(1_000, Duration.ofMillis(100)))) {
      ChunkEnumerator enumerator =
          new ChunkEnumerator(
              new Context(),
              withSizing(sizing),
              new ChunkCursor(5, new byte[][] {"500".getBytes()}, false, List.of()));
      enumerator.cpu(Double.NaN, 100, 0);
      enumerator.cpu(Double.NaN, 100, 250_000_000L);
      assertThat(enumerator.sizing()).isEqualTo(sizing);
    }
  }

  @Test
  void aChangelogTableDroppedAfterTheLastChunkIsTheMigrationsEndNotAWarning() {
    java.sql.SQLException dropped =
        new java.sql.SQLException("Table 'db._t_ghc' doesn't exist", "42S02", 1146);
    try (LogLines log = new LogLines(ChunkEnumerator.class)) {
      // chunks still to plan: the controls matter, and losing them is worth a warning
      new ChunkEnumerator(
              new Context(),
              SPEC,
              new ChunkCursor(5, new byte[][] {"500".getBytes()}, false, List.of()))
          .readingFailed(dropped);
      // every chunk planned: the controller's cleanup dropped the table while the job stopped
      ChunkEnumerator done =
          new ChunkEnumerator(new Context(), SPEC, new ChunkCursor(5, null, true, List.of()));
      done.readingFailed(dropped);
      done.readingFailed(new java.sql.SQLException("Lost connection", "08S01", 2013));
      assertThat(log.lines)
          .containsExactly(
              "WARN Row copy: cannot read the throttle (Table 'db._t_ghc' doesn't exist); keeping"
                  + " the last",
              "DEBUG Row copy: the changelog table is gone (Table 'db._t_ghc' doesn't exist): the"
                  + " migration ended",
              "WARN Row copy: cannot read the throttle (Lost connection); keeping the last");
    }
  }

  /** The lines one class logs while it is open, at every level, as "LEVEL message". */
  private static final class LogLines implements AutoCloseable {
    final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final org.apache.logging.log4j.core.Logger logger;
    private final org.apache.logging.log4j.Level level;
    private final org.apache.logging.log4j.core.Appender appender;

    LogLines(Class<?> of) {
      logger =
          (org.apache.logging.log4j.core.Logger) org.apache.logging.log4j.LogManager.getLogger(of);
      level = logger.getLevel();
      appender =
          new org.apache.logging.log4j.core.appender.AbstractAppender(
              "lines",
              null,
              null,
              true,
              org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
            @Override
            public void append(org.apache.logging.log4j.core.LogEvent event) {
              lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
          };
      appender.start();
      logger.addAppender(appender);
      logger.setLevel(org.apache.logging.log4j.Level.DEBUG);
    }

    @Override
    public void close() {
      logger.removeAppender(appender);
      logger.setLevel(level);
      appender.stop();
    }
  }

  private static CopySpec withSizing(ChunkSizing sizing) {
    return spec(sizing, 0, 0, 0, 0, 0);
  }

  private static CopySpec withRatios(double redo, double latency, double nice, int busy) {
    return withRatios(redo, latency, nice, busy, 0);
  }

  private static CopySpec withRatios(
      double redo, double latency, double nice, int busy, double cpu) {
    return spec(SPEC.sizing(), redo, latency, nice, busy, cpu);
  }

  private static CopySpec spec(
      ChunkSizing sizing, double redo, double latency, double nice, int busy, double cpu) {
    return new CopySpec(
        SPEC.primary(),
        SPEC.source(),
        SPEC.target(),
        SPEC.original(),
        SPEC.ghost(),
        SPEC.changelog(),
        SPEC.schema(),
        SPEC.mapping(),
        SPEC.ghostKey(),
        SPEC.recheck(),
        sizing,
        SPEC.runId(),
        SPEC.mode(),
        SPEC.hook(),
        0,
        redo,
        latency,
        nice,
        busy,
        cpu);
  }

  private static Chunk chunk(long id) {
    return new Chunk(id, new byte[][] {Long.toString(id * 100).getBytes()}, null);
  }

  /** Records assignments and events; nothing runs asynchronously. */
  private static final class Context implements SplitEnumeratorContext<Chunk> {
    final List<String> assigned = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final Map<Integer, ReaderInfo> readers = new java.util.TreeMap<>();

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
      events.add(event + "->" + subtaskId);
    }

    @Override
    public int currentParallelism() {
      return 2;
    }

    // readers whose attempt failed: no longer registered (every other one is, for the holds)
    final java.util.Set<Integer> failed = new java.util.HashSet<>();

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
      // the readers the tests registered (the pace is sent to them), and, for containsKey, every
      // reader that has not failed
      return new java.util.AbstractMap<>() {
        @Override
        public java.util.Set<Map.Entry<Integer, ReaderInfo>> entrySet() {
          return readers.entrySet();
        }

        @Override
        public boolean containsKey(Object subtask) {
          return !failed.contains(subtask);
        }
      };
    }

    // the chunks themselves, with the reader each went to
    final List<Map.Entry<Integer, Chunk>> given = new ArrayList<>();

    @Override
    public void assignSplits(SplitsAssignment<Chunk> assignment) {
      assignment
          .assignment()
          .forEach(
              (subtask, chunks) ->
                  chunks.forEach(
                      c -> {
                        assigned.add(c.id() + "->" + subtask);
                        given.add(Map.entry(subtask, c));
                      }));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
      assigned.add("end->" + subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {}

    @Override
    public <T> void callAsync(
        Callable<T> callable, BiConsumer<T, Throwable> handler, long delay, long period) {}

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
      runnable.run();
    }
  }
}
