package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.hooks.HookSettings;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MigrationOptionsTest {
  private static final ServerAddress SOURCE = new ServerAddress("127.0.0.1", 3306, "u", "p");
  private static final ServerAddress TARGET = new ServerAddress("127.0.0.1", 3307, "u", "p");

  private static MigrationOptions options(Duration chunkTime, Duration quietChunkTime) {
    return new MigrationOptions(
        SOURCE,
        new TableRef("d", "t"),
        "ADD COLUMN x INT",
        true,
        1,
        1000,
        chunkTime,
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        5,
        Duration.ofMillis(1500),
        false,
        false,
        false,
        Path.of("state"),
        1234,
        CopyMode.STREAM,
        ThrottleSettings.DEFAULTS,
        true,
        HookSettings.NONE,
        null,
        null,
        null,
        0,
        DeferredIndexes.Mode.AUTO,
        quietChunkTime);
  }

  @Test
  void anAlterCopiesInLongerChunksWhileNobodyElseWrites() {
    MigrationOptions o = options(Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(o.chunking().targetTime()).isEqualTo(Duration.ofMillis(100));
    assertThat(o.chunking().quietTime()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aMoveKeepsToItsChunkTimeItsPlannerSeesOnlyTheTarget() {
    MigrationOptions o =
        options(Duration.ofMillis(100), Duration.ofMillis(500))
            .movingTo(new MoveTarget(TARGET, "d", Duration.ofSeconds(30)));
    assertThat(o.chunking().targetTime()).isEqualTo(Duration.ofMillis(100));
    assertThat(o.chunking().quietTime()).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesAQuietChunkTimeOutOfRange() {
    assertThatThrownBy(() -> options(Duration.ofMillis(100), Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--quiet-chunk-time must be 0 (--chunk-time also while nobody else writes) or between"
                + " 10ms and 60s");
    assertThat(options(Duration.ofMillis(100), Duration.ZERO).chunking().quietTime())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void aMigrationWaitsForARestartedServerUnlessToldNotTo() {
    MigrationOptions o = options(Duration.ZERO, Duration.ZERO);
    assertThat(o.restartWait()).isEqualTo(MigrationOptions.DEFAULT_RESTART_WAIT);
    assertThat(o.waitingForRestart(Duration.ZERO).restartWait()).isZero();
    // the other options stay as they were
    assertThat(
            o.waitingForRestart(Duration.ofSeconds(30))
                .waitingForRestart(MigrationOptions.DEFAULT_RESTART_WAIT))
        .isEqualTo(o);
    assertThatThrownBy(() -> o.waitingForRestart(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--wait-for-restart must not be negative (0: fail at once)");
  }
}
