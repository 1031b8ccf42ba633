package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationPhaseTest {

  @Test
  void theHappyPathIsAllowedInOrder() {
    MigrationPhase p = MigrationPhase.PREFLIGHT;
    for (MigrationPhase next :
        new MigrationPhase[] {
          MigrationPhase.PREPARE, MigrationPhase.COPY, MigrationPhase.APPLY,
          MigrationPhase.CHECKSUM, MigrationPhase.CUTOVER, MigrationPhase.CLEANUP,
          MigrationPhase.DONE
        }) {
      p = p.moveTo(next);
    }
    assertThat(p.isFinal()).isTrue();
  }

  @Test
  void aFailedCutOverGoesBackToApplying() {
    assertThat(MigrationPhase.CUTOVER.moveTo(MigrationPhase.APPLY)).isEqualTo(MigrationPhase.APPLY);
  }

  @Test
  void aChecksumThatCouldNotHoldTheWritersGoesBackToApplying() {
    assertThat(MigrationPhase.CHECKSUM.moveTo(MigrationPhase.APPLY))
        .isEqualTo(MigrationPhase.APPLY);
    assertThatThrownBy(() -> MigrationPhase.CHECKSUM.moveTo(MigrationPhase.CLEANUP))
        .hasMessage("a migration cannot go from CHECKSUM to CLEANUP");
  }

  @Test
  void skippingTheCopyIsRefused() {
    assertThatThrownBy(() -> MigrationPhase.PREPARE.moveTo(MigrationPhase.CUTOVER))
        .hasMessage("a migration cannot go from PREPARE to CUTOVER");
  }

  @Test
  void finalPhasesGoNowhere() {
    assertThat(MigrationPhase.DONE.next()).isEmpty();
    assertThat(MigrationPhase.FAILED.isFinal()).isTrue();
    assertThat(MigrationPhase.ABORTED.isFinal()).isTrue();
    assertThat(MigrationPhase.CLEANUP.next()).doesNotContain(MigrationPhase.ABORTED);
  }

  @Test
  void aMigrationPausesOnlyWhileCopyingOrApplying() {
    assertThat(MigrationPhase.COPY.moveTo(MigrationPhase.PAUSED)).isEqualTo(MigrationPhase.PAUSED);
    assertThat(MigrationPhase.APPLY.moveTo(MigrationPhase.PAUSED)).isEqualTo(MigrationPhase.PAUSED);
    assertThatThrownBy(() -> MigrationPhase.CUTOVER.moveTo(MigrationPhase.PAUSED))
        .hasMessage("a migration cannot go from CUTOVER to PAUSED");
    assertThat(MigrationPhase.PAUSED.isFinal()).isTrue();
  }
}
