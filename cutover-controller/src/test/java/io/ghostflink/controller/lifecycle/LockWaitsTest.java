package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.lifecycle.LockWaits.Lock;
import io.ghostflink.controller.lifecycle.LockWaits.Waiter;
import io.ghostflink.operators.jdbc.ServerAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LockWaitsTest {
  private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 3306, "u", "p");

  @Test
  void sessionsWaitingOnOneLockAreSaidInOneLine() {
    // FLUSH TABLES WITH READ LOCK mid-copy: the copy, the sink and the progress writer all wait
    Map<Lock, List<Waiter>> byLock =
        LockWaits.byLock(
            List.of(
                new Waiter(Lock.GLOBAL_READ, 6, "INSERT INTO `w`.`_t_gho` VALUES (1)"),
                new Waiter(Lock.GLOBAL_READ, 15, "INSERT IGNORE INTO `w`.`_t_gho`\n SELECT 1"),
                new Waiter(Lock.TABLE, 7, "ALTER TABLE `w`.`_t_gho` ADD INDEX k (k)"),
                new Waiter(Lock.GLOBAL_READ, 9, null)));
    assertThat(byLock).containsOnlyKeys(Lock.GLOBAL_READ, Lock.TABLE);
    assertThat(LockWaits.describe(byLock.get(Lock.GLOBAL_READ), "11", SERVER))
        .isEqualTo(
            "3 ghostflink sessions have waited up to 15 s for the global read lock (FLUSH TABLES"
                + " WITH READ LOCK, which backup tools take), held by MySQL connection 11, on"
                + " 127.0.0.1:3306: INSERT IGNORE INTO `w`.`_t_gho` SELECT 1; the migration goes on"
                + " once it is released");
    assertThat(LockWaits.describe(byLock.get(Lock.TABLE), null, SERVER))
        .isEqualTo(
            "a ghostflink session has waited 7 s for a table's metadata lock another session"
                + " holds (a long transaction, DDL), on 127.0.0.1:3306: ALTER TABLE `w`.`_t_gho`"
                + " ADD INDEX k (k); the migration goes on once it is released");
  }

  @Test
  void theProcesslistStateNamesTheLock() {
    assertThat(Lock.of("Waiting for backup lock")).isEqualTo(Lock.BACKUP);
    assertThat(Lock.of("Waiting for commit lock")).isEqualTo(Lock.GLOBAL_READ);
    assertThat(Lock.of("Waiting for global read lock")).isEqualTo(Lock.GLOBAL_READ);
    assertThat(Lock.of("Waiting for table metadata lock")).isEqualTo(Lock.TABLE);
  }
}
