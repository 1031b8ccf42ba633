package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.await;
import static io.ghostflink.controller.lifecycle.Migrations.hasColumn;
import static io.ghostflink.controller.lifecycle.Migrations.hasTable;
import static io.ghostflink.controller.lifecycle.Migrations.newestCheckpoint;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withParallelism;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.flink.JobRunner;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover matrix of ../DESIGN.md: every fault at every point of a migration, under three
 * random writers and a ledger writer that never stops, at parallelism 2. Each cell ends with the
 * swapped table holding exactly the old table's rows (the random writers stop at the first cut-over
 * attempt) and every committed ledger row, including those written through the cut-over and the
 * fault.
 *
 * <p>Faults: the job fails and restarts from a checkpoint (its task manager is lost); the
 * controller process is killed with SIGKILL and the migration resumed; a pause, then a resume with
 * parallelism 1 → 2 or 2 → 1. Points: during the copy, during apply, and before each of the nine
 * cut-over steps of the first attempt.
 */
@ExtendWith(MysqlExtension.class)
class FailoverMatrixIT {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverMatrixIT.class);
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";
  private static final Map<String, String> SAME =
      Map.of("id", "id", "k", "k", "c", "c", "pad", "pad");
  private static final long LEDGER_IDS = 1_000_000_000L;
  private static final int ROWS = 4_000;

  /** A copy long enough to be caught in the middle by a checkpoint and a fault. */
  private static final int COPY_ROWS = 60_000;

  enum Fault {
    JOB_RESTART,
    CONTROLLER_KILLED,
    PAUSE_1_TO_2,
    PAUSE_2_TO_1
  }

  static Stream<Arguments> cells() {
    List<String> points = new ArrayList<>(List.of("COPY", "APPLY"));
    for (CutoverStep step : CutoverStep.values()) {
      points.add(step.name());
    }
    boolean everyMode = Boolean.getBoolean("ghostflink.matrix.everyMode");
    return Stream.of(Fault.values())
        .flatMap(fault -> points.stream().map(point -> Arguments.of(fault, point)))
        .filter(FailoverMatrixIT::selected)
        .flatMap(
            a ->
                modes((Fault) a.get()[0], (String) a.get()[1], everyMode)
                    .map(m -> Arguments.of(a.get()[0], a.get()[1], m)));
  }

  /** -Dghostflink.matrix=REGEX runs the cells whose "FAULT at POINT" name matches. */
  private static boolean selected(Arguments cell) {
    return System.getProperty("ghostflink.matrix", ".*")
        .transform(java.util.regex.Pattern::compile)
        .matcher(cell.get()[0] + " at " + cell.get()[1])
        .matches();
  }

  /**
   * The copy modes a cell runs in. During the copy and the apply, both: that is where the modes
   * differ (what the job's checkpoints hold of a copy under way, and how a restored copy goes on).
   * At a cut-over step the copy of either mode is done and the job only applies the binlog, so each
   * step runs in one mode, the two alternating from step to step and from fault to fault: every
   * fault still meets both modes in the cut-over, at half of its steps each, and the matrix runs 52
   * cells instead of 88 (CI time; a cell with a killed controller takes 20 s here).
   * -Dghostflink.matrix.everyMode=true runs every step in both.
   */
  private static Stream<CopyMode> modes(Fault fault, String point, boolean everyMode) {
    if (everyMode || !inCutOver(point)) {
      return Stream.of(CopyMode.values());
    }
    int step = CutoverStep.valueOf(point).ordinal();
    return Stream.of(CopyMode.values()[(step + fault.ordinal()) % CopyMode.values().length]);
  }

  /** Whether the point is before a cut-over step (not in COPY or APPLY). */
  private static boolean inCutOver(String point) {
    return !"COPY".equals(point) && !"APPLY".equals(point);
  }

  /** A server with {@code gtid_mode} OFF, started by the first cell that runs on it. */
  private static MysqlServer withoutGtids;

  private static int databasesWithoutGtids;

  /**
   * The cells run again on a server with {@code gtid_mode} OFF, where the job reads, checkpoints
   * and resumes the binlog by file and position only and the cut-over drains to a file position: a
   * job restored from a checkpoint in the copy (both modes) and at the drain, a killed controller
   * resumed in the apply and at the drain, a pause in the copy resumed at another parallelism.
   */
  static Stream<Arguments> cellsWithoutGtids() {
    return Stream.of(
            Arguments.of(Fault.JOB_RESTART, "COPY", CopyMode.SERVER),
            Arguments.of(Fault.JOB_RESTART, "COPY", CopyMode.STREAM),
            Arguments.of(Fault.JOB_RESTART, CutoverStep.AWAIT_DRAIN.name(), CopyMode.SERVER),
            Arguments.of(Fault.CONTROLLER_KILLED, "APPLY", CopyMode.STREAM),
            Arguments.of(Fault.CONTROLLER_KILLED, CutoverStep.AWAIT_DRAIN.name(), CopyMode.STREAM),
            Arguments.of(Fault.PAUSE_2_TO_1, "COPY", CopyMode.SERVER))
        .filter(FailoverMatrixIT::selected);
  }

  @ParameterizedTest(name = "{0} at {1}, --copy {2}, gtid_mode OFF")
  @MethodSource("cellsWithoutGtids")
  void everyRowArrivesWithoutGtids(Fault fault, String point, CopyMode mode) throws Exception {
    if (withoutGtids == null) {
      withoutGtids =
          MysqlServer.start(
              MysqlServerSpec.named("matrix-gtid-off")
                  .withExtraArgs(List.of("--gtid-mode=OFF", "--enforce-gtid-consistency=OFF")));
    }
    TestDatabase db = TestDatabase.create(withoutGtids, "matrix_" + ++databasesWithoutGtids);
    everyRowArrives(fault, point, mode, db, withoutGtids);
  }

  @AfterAll
  static void stopTheServerWithoutGtids() {
    if (withoutGtids != null) {
      withoutGtids.close();
    }
  }

  @ParameterizedTest(name = "{0} at {1}, --copy {2}")
  @MethodSource("cells")
  void everyRowArrives(
      Fault fault, String point, CopyMode mode, TestDatabase db, MysqlInstance mysql)
      throws Exception {
    int rows = "COPY".equals(point) ? COPY_ROWS : ROWS;
    sysbenchTable(db, "t", rows);
    try (Ledger ledger = Ledger.start(db, "t", LEDGER_IDS);
        Workload workload =
            Workload.start(db, "t", 2L * rows, 3, 300, 31L * fault.ordinal() + point.hashCode())) {
      switch (fault) {
        case JOB_RESTART -> restartTheJob(db, mysql, point, mode, workload);
        case CONTROLLER_KILLED -> killTheController(db, mysql, point, mode, workload);
        case PAUSE_1_TO_2 -> pauseAndResume(db, mysql, point, mode, workload, 1, 2);
        case PAUSE_2_TO_1 -> pauseAndResume(db, mysql, point, mode, workload, 2, 1);
      }
      ledger.assertAllIn(db, "t");
    }
    for (String leftover : List.of("_t_gho", "_t_ghc", "_t_ghp")) {
      assertThat(hasTable(db, leftover)).as(leftover + " dropped").isFalse();
    }
    assertThat(hasColumn(db, "t", "x")).as("t has the new schema").isTrue();
    assertSameRows(db, "t", SAME, "id < " + LEDGER_IDS);
  }

  /** The task manager is lost at the point; the job restores from its last checkpoint. */
  private static void restartTheJob(
      TestDatabase db, MysqlInstance mysql, String point, CopyMode mode, Workload workload)
      throws Exception {
    AtomicReference<JobRunner> runner = new AtomicReference<>();
    AtomicBoolean lost = new AtomicBoolean();
    MigrationListener inPhase =
        new MigrationListener() {
          @Override
          public void jobStarted(JobRunner r) {
            runner.set(r);
          }

          @Override
          public void phase(MigrationPhase phase) {
            if (phase.name().equals(point) && !lost.getAndSet(true)) {
              long seen = newestCheckpoint(db);
              quietly(() -> await(() -> newestCheckpoint(db) > seen, "a checkpoint in " + point));
              loseTaskManager(runner.get());
            }
          }
        };
    CutoverHook atStep =
        atStep(
            workload,
            point,
            () -> {
              lost.set(true);
              loseTaskManager(runner.get());
            });
    new MigrationController(options(db, mysql, "t", ALTER, mode), inPhase, atStep).execute();
    assertThat(lost).as("the task manager was lost").isTrue();
  }

  /** The controller, in a process of its own, is killed there; then the migration is resumed. */
  private static void killTheController(
      TestDatabase db, MysqlInstance mysql, String point, CopyMode mode, Workload workload)
      throws Exception {
    Path state = Migrations.freshStateDir(db);
    Process child = ParkedMigration.start(db, mysql, ALTER, state, 7800, point, mode);
    try {
      boolean inCutOver = inCutOver(point);
      if (inCutOver) {
        ParkedMigration.awaitFile(child, state.resolve(ParkedMigration.AT_CUTOVER));
        workload.close();
        Files.writeString(state.resolve(ParkedMigration.GO), "go\n");
      }
      ParkedMigration.awaitFile(child, state.resolve(ParkedMigration.PARKED));
      if (!inCutOver) {
        long seen = newestCheckpoint(db);
        await(() -> newestCheckpoint(db) > seen, "a checkpoint in " + point);
      }
    } finally {
      child.destroyForcibly().waitFor();
    }
    LOG.info(
        "killed the controller at {}; tables now {}",
        point,
        db.query("SHOW TABLES").stream().map(r -> r.get(0)).toList());
    // a resume keeps the mode the migration started with, whatever its own options say
    MigrationSummary summary =
        new MigrationController(
                options(db, mysql, "t", ALTER),
                MigrationListener.NONE,
                stopWritersThen(workload, CutoverHook.NONE))
            .resume();
    LOG.info("resumed after the kill at {}: {}", point, summary.describe());
  }

  /**
   * Paused at the point, resumed with another parallelism. A pause that comes after the magic table
   * is dropped is too late: that attempt swaps, and the migration ends.
   */
  private static void pauseAndResume(
      TestDatabase db,
      MysqlInstance mysql,
      String point,
      CopyMode mode,
      Workload workload,
      int from,
      int to)
      throws Exception {
    AtomicReference<MigrationController> first = new AtomicReference<>();
    AtomicBoolean asked = new AtomicBoolean();
    MigrationListener inPhase =
        !inCutOver(point)
            ? Migrations.onceIn(
                MigrationPhase.valueOf(point),
                () -> {
                  asked.set(true);
                  first.get().requestPause();
                })
            : MigrationListener.NONE;
    CutoverHook atStep =
        atStep(
            workload,
            point,
            () -> {
              asked.set(true);
              first.get().requestPause();
            });
    first.set(
        new MigrationController(
            withParallelism(options(db, mysql, "t", ALTER, mode), from), inPhase, atStep));
    boolean tooLate =
        point.equals(CutoverStep.UNLOCK_GHOST_THEN_ORIGINAL.name())
            || point.equals(CutoverStep.VERIFY_SWAPPED.name());
    if (tooLate) {
      MigrationSummary summary = first.get().execute();
      assertThat(summary.cutOverAttempts()).as("the attempt under way swapped").isEqualTo(1);
    } else {
      assertThatThrownBy(first.get()::execute).isInstanceOf(MigrationPausedException.class);
      assertThat(hasTable(db, "_t_del")).as("no magic table left by the pause").isFalse();
      new MigrationController(
              withParallelism(options(db, mysql, "t", ALTER), to),
              MigrationListener.NONE,
              stopWritersThen(workload, CutoverHook.NONE))
          .resume();
    }
    assertThat(asked).as("a pause was requested").isTrue();
  }

  /** Stops the random writers before the first cut-over step, then runs {@code then}. */
  private static CutoverHook stopWritersThen(Workload workload, CutoverHook then) {
    return (step, attempt, sessions) -> {
      workload.close();
      then.beforeStep(step, attempt, sessions);
    };
  }

  /**
   * Stops the random writers before the first cut-over step, then runs {@code action} before the
   * step named {@code point} of the first attempt.
   */
  private static CutoverHook atStep(Workload workload, String point, Runnable action) {
    return stopWritersThen(
        workload,
        (step, attempt, sessions) -> {
          if (attempt == 1 && step.name().equals(point)) {
            action.run();
          }
        });
  }

  private static void loseTaskManager(JobRunner runner) {
    quietly(
        () -> {
          ((io.ghostflink.job.EmbeddedFlink) runner.flink())
              .cluster()
              .terminateTaskManager(0)
              .get();
          ((io.ghostflink.job.EmbeddedFlink) runner.flink()).cluster().startTaskManager();
        });
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  private static void quietly(Action action) {
    try {
      action.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
