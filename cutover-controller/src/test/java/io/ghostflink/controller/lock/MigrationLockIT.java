package io.ghostflink.controller.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MysqlExtension.class)
class MigrationLockIT {
  private static final Duration KEEPALIVE = Duration.ofMillis(100);

  private static ServerAddress address(MysqlInstance m) {
    return new ServerAddress(m.host(), m.port(), m.user(), m.password());
  }

  @Test
  void aSecondMigrationOfTheSameTableFailsNamingTheHolder(TestDatabase db, MysqlInstance m)
      throws Exception {
    TableRef t = new TableRef(db.name(), "t");
    try (MigrationLock first = MigrationLock.acquire(address(m), t, () -> {}, KEEPALIVE)) {
      assertThatThrownBy(() -> MigrationLock.acquire(address(m), t, () -> {}, KEEPALIVE))
          .isInstanceOf(MigrationLockHeldException.class)
          .hasMessage(
              "table "
                  + t
                  + " is being migrated already: MySQL connection "
                  + first.connectionId()
                  + " holds the lock '"
                  + MigrationLock.names(t).get(0)
                  + "'; wait for that migration to end, or stop it (KILL "
                  + first.connectionId()
                  + ")");
    }
    try (MigrationLock again = MigrationLock.acquire(address(m), t, () -> {}, KEEPALIVE)) {
      assertThat(again.isHeld()).isTrue();
    }
  }

  @Test
  void aRunningGhOstMigrationOfTheTableKeepsUsOut(TestDatabase db, MysqlInstance m)
      throws Exception {
    TableRef t = new TableRef(db.name(), "t");
    try (Connection ghost = db.connect();
        Statement s = ghost.createStatement()) {
      s.executeQuery("SELECT GET_LOCK('" + MigrationLock.names(t).get(1) + "', 0)").close();

      assertThatThrownBy(() -> MigrationLock.acquire(address(m), t, () -> {}, KEEPALIVE))
          .isInstanceOf(MigrationLockHeldException.class)
          .hasMessageContaining("holds the lock '" + MigrationLock.names(t).get(1) + "'");
      // and our own lock was not left behind
      assertThat(db.scalar("SELECT IS_FREE_LOCK(?)", MigrationLock.names(t).get(0))).isEqualTo(1L);
    }
  }

  @Test
  void killingTheLockConnectionTellsTheMigrationToAbort(TestDatabase db, MysqlInstance m)
      throws Exception {
    CountDownLatch lost = new CountDownLatch(1);
    try (MigrationLock lock =
        MigrationLock.acquire(
            address(m), new TableRef(db.name(), "t"), lost::countDown, KEEPALIVE)) {
      db.execute("KILL " + lock.connectionId());

      assertThat(lost.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(lock.isHeld()).isFalse();
    }
  }
}
