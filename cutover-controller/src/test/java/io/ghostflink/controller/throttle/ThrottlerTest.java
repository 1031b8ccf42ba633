package io.ghostflink.controller.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottlerTest {
  @Test
  void aControlReplicaWithoutTheHeartbeatSaysWhatItReplicates() {
    assertThat(Throttler.replication(null, null, null, null, null))
        .isEqualTo(
            "it replicates from no server: SHOW REPLICA STATUS is empty there; give"
                + " --throttle-control-replicas replicas of this migration's server");
    assertThat(Throttler.replication("db1:3306", "Yes", "Yes", "", ""))
        .isEqualTo("it replicates from db1:3306");
    assertThat(
            Throttler.replication(
                "db1:3306",
                "Connecting",
                "No",
                "error connecting to source 'repl@db1:3306'",
                "Error 'Table t doesn't exist'"))
        .isEqualTo(
            "it replicates from db1:3306; its receiver (IO) thread is Connecting: error connecting"
                + " to source 'repl@db1:3306'; its applier (SQL) thread is No: Error 'Table t"
                + " doesn't exist'");
  }
}
