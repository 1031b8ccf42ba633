package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.await;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static io.ghostflink.controller.lifecycle.Migrations.sysbenchTable;
import static io.ghostflink.controller.lifecycle.Migrations.withThrottle;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.throttle.ThrottleSettings;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.testkit.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code --throttle-control-replicas} with a real replica (a second MySQL server replicating the
 * first): with the replica's SQL thread stopped, its heartbeat ages past {@code --max-lag-millis}
 * and the copy holds back; started again, the migration completes with every row.
 */
class ReplicaLagThrottleIT {
  private static final int ROWS = 20_000;
  private static final String ALTER = "ADD COLUMN x INT NOT NULL DEFAULT 1";

  @Test
  void aReplicaThatStopsApplyingHoldsTheCopyUntilItCatchesUp() throws Exception {
    try (MysqlServer primary = MysqlServer.start(MysqlServerSpec.named("lag-primary"));
        MysqlServer replica =
            MysqlServer.startReplicaOf(primary, MysqlServerSpec.named("lag-replica"))) {
      TestDatabase db = TestDatabase.create(primary, "replica_lag");
      TestDatabase onReplica = new TestDatabase(replica, "replica_lag");
      sysbenchTable(db, "t", ROWS);
      ServerAddress replicaAddress =
          new ServerAddress(replica.host(), replica.port(), replica.user(), replica.password());
      // max-load throttles first (Threads_connected is above 1 while the migration runs), so
      // nothing is copied before the replica is made to lag
      ThrottleSettings throttle =
          ThrottleIT.throttle("Threads_connected=1", null, null, null)
              .withReplicas(List.of(replicaAddress));
      AtomicReference<MigrationListener.Progress> last = new AtomicReference<>();
      CompletableFuture<MigrationSummary> run =
          start(withThrottle(options(db, primary, "t", ALTER), throttle), last);
      await(
          () -> heartbeatOn(onReplica) != null && throttledBy(last, "max-load"),
          "the replica to receive heartbeats while max-load throttles");
      onReplica.execute("STOP REPLICA SQL_THREAD");
      // the replica's newest heartbeat ages past max-lag-millis (1.5 s) before max-load lets go
      await(
          () ->
              Duration.between(Instant.parse(heartbeatOn(onReplica)), Instant.now()).toMillis()
                  > 1_600,
          "the replica's newest heartbeat to age past 1.5 s");
      db.execute(
          "INSERT INTO _t_ghc (hint, value) VALUES ('control:max-load', 'Threads_connected=100000')"
              + " ON DUPLICATE KEY UPDATE value = VALUES(value)");
      await(
          () -> throttledBy(last, "replica " + replica.host() + ":" + replica.port() + " lag "),
          "the replica's lag to throttle");
      Thread.sleep(1_000);
      assertThat(last.get().copiedRows()).as("nothing copied while the replica lags").isZero();

      onReplica.execute("START REPLICA SQL_THREAD");
      MigrationSummary summary = run.get(3, TimeUnit.MINUTES);
      assertThat(summary.rowsCopied()).isEqualTo(ROWS);
      assertSameRows(db, "t", Map.of("id", "id", "k", "k", "c", "c", "pad", "pad"));
    }
  }

  @Test
  @org.junit.jupiter.api.extension.ExtendWith(io.ghostflink.testkit.MysqlExtension.class)
  void aControlReplicaThatReplicatesNothingIsNamedSo(
      TestDatabase db, io.ghostflink.mysql.MysqlInstance mysql) throws Exception {
    try (MysqlServer standalone = MysqlServer.start(MysqlServerSpec.named("not-a-replica"))) {
      sysbenchTable(db, "t", 1000);
      String name = standalone.host() + ":" + standalone.port();
      java.nio.file.Path panic =
          java.nio.file.Files.createTempDirectory("replica-lag").resolve("panic");
      ThrottleSettings throttle =
          ThrottleIT.throttle(null, null, null, null)
              .withReplicas(
                  List.of(
                      new ServerAddress(
                          standalone.host(),
                          standalone.port(),
                          standalone.user(),
                          standalone.password())))
              .withPanicFlagFile(panic);
      AtomicReference<MigrationListener.Progress> last = new AtomicReference<>();
      CompletableFuture<MigrationSummary> run =
          start(withThrottle(options(db, mysql, "t", ALTER), throttle), last);
      // before session 54 the reason was only "replica h:p has no heartbeat yet", for ever
      await(
          () ->
              throttledBy(
                  last,
                  "replica "
                      + name
                      + " has no heartbeat yet (it replicates from no server: SHOW REPLICA"
                      + " STATUS is empty there"),
          "the throttle to say the replica replicates nothing");
      assertThat(last.get().copiedRows()).isZero();
      java.nio.file.Files.writeString(panic, "");
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> run.get(1, TimeUnit.MINUTES)))
          .hasMessageContaining("--panic-flag-file");
      assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(1000L);
    }
  }

  // the migration, run in the background, its progress kept in last
  private static CompletableFuture<MigrationSummary> start(
      MigrationOptions options, AtomicReference<MigrationListener.Progress> last) {
    MigrationListener watch =
        new MigrationListener() {
          @Override
          public void progress(Progress p) {
            last.set(p);
          }
        };
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new MigrationController(options, watch, CutoverHook.NONE).execute();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static boolean throttledBy(
      AtomicReference<MigrationListener.Progress> last, String reason) {
    MigrationListener.Progress p = last.get();
    return p != null && p.throttled() != null && p.throttled().startsWith(reason);
  }

  private static String heartbeatOn(TestDatabase replica) {
    try {
      List<List<Object>> rows = replica.query("SELECT value FROM _t_ghc WHERE hint = 'heartbeat'");
      return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    } catch (IllegalStateException notYet) {
      return null;
    }
  }
}
