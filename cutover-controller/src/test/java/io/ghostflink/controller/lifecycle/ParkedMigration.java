package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.cutover.CutoverStep;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A migration run in a JVM of its own that stops moving at a chosen point, so that a test can kill
 * it there with SIGKILL: on entering a phase ({@code COPY}, {@code APPLY}) or before a cut-over
 * step of the first attempt. It writes {@code parked} to the state directory when it is there.
 * Before its first cut-over step it writes {@code at-cutover} and waits for a {@code go} file.
 * While the controller is parked its Flink job keeps running (copying, applying, checkpointing).
 *
 * <p>Arguments: host port user password database table alter state-dir server-id park-at copy-mode
 * [target-host:port [more,tables]]. With a target it moves the table (and the more tables) there
 * (the alter is ignored) and parks before the {@link
 * io.ghostflink.controller.cutover.MoveCutover.Step} named park-at.
 */
public final class ParkedMigration {
  static final String PARKED = "parked";
  static final String AT_CUTOVER = "at-cutover";
  static final String GO = "go";

  private ParkedMigration() {}

  /**
   * Starts the migration of {@code db}'s table {@code t} by {@code alter} in a JVM of its own that
   * parks at {@code parkAt}; its binlog client's server id is {@code serverIds} plus the last two
   * digits of this JVM's pid, apart from other tests' and other builds'.
   */
  static Process start(
      TestDatabase db,
      MysqlInstance mysql,
      String alter,
      Path stateDir,
      int serverIds,
      String parkAt,
      CopyMode mode)
      throws java.io.IOException {
    return Migrations.startJvm(
        stateDir,
        ParkedMigration.class.getName(),
        List.of(
            mysql.host(),
            Integer.toString(mysql.port()),
            mysql.user(),
            mysql.password(),
            db.name(),
            "t",
            alter,
            stateDir.toString(),
            Integer.toString(serverIds + (int) (ProcessHandle.current().pid() % 100)),
            parkAt,
            mode.flag()));
  }

  /** Waits for {@code file} (as {@link #PARKED}) while {@code child} runs. */
  static void awaitFile(Process child, Path file) throws InterruptedException {
    Migrations.await(
        () -> {
          if (!child.isAlive()) {
            throw new AssertionError("the migration process ended before " + file.getFileName());
          }
          return Files.exists(file);
        },
        file.getFileName().toString());
  }

  public static void main(String[] args) throws Exception {
    Path stateDir = Path.of(args[7]);
    String parkAt = args[9];
    MigrationOptions options =
        new MigrationOptions(
            new ServerAddress(args[0], Integer.parseInt(args[1]), args[2], args[3]),
            new TableRef(args[4], args[5]),
            args[6],
            true,
            2,
            200,
            Duration.ZERO,
            Duration.ofMillis(300),
            Duration.ofSeconds(3),
            5,
            Duration.ofMillis(1500),
            false,
            false,
            false,
            stateDir,
            Integer.parseInt(args[8]),
            CopyMode.ofFlag(args[10]),
            ThrottleSettings.DEFAULTS,
            true,
            io.ghostflink.controller.hooks.HookSettings.NONE,
            null);
    if (args.length > 11) {
      String[] hostPort = args[11].split(":");
      options =
          options.movingTo(
              new MoveTarget(
                  new ServerAddress(hostPort[0], Integer.parseInt(hostPort[1]), args[2], args[3]),
                  args[4],
                  Duration.ofSeconds(20),
                  null,
                  args.length > 12 ? List.of(args[12].split(",")) : List.of()));
    }
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void phase(MigrationPhase phase) {
            if (phase.name().equals(parkAt)) {
              park(stateDir);
            }
          }
        };
    CutoverHook hook =
        new CutoverHook() {
          @Override
          public void beforeMoveStep(
              io.ghostflink.controller.cutover.MoveCutover.Step step, int attempt) {
            if (attempt == 1 && step.name().equals(parkAt)) {
              park(stateDir);
            }
          }

          @Override
          public void beforeStep(CutoverStep step, int attempt, CutoverHook.Sessions sessions)
              throws Exception {
            sameServerStep(stateDir, parkAt, step, attempt);
          }
        };
    new MigrationController(options, listener, hook).execute();
    System.exit(0);
  }

  private static void sameServerStep(Path stateDir, String parkAt, CutoverStep step, int attempt)
      throws Exception {
    if (attempt == 1 && step == CutoverStep.LOCK_ORIGINAL_AND_MAGIC) {
      // the test stops its writers now, so the old table stays comparable after a swap
      Files.writeString(stateDir.resolve(AT_CUTOVER), "at cut-over\n");
      while (!Files.exists(stateDir.resolve(GO))) {
        Thread.sleep(5);
      }
    }
    if (attempt == 1 && step.name().equals(parkAt)) {
      park(stateDir);
    }
  }

  private static void park(Path stateDir) {
    try {
      Files.writeString(stateDir.resolve(PARKED), "parked\n");
      Thread.sleep(Long.MAX_VALUE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
