package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrivilegesCheckTest {
  @Test
  void allPrivilegesOnEverythingIsEnough() {
    assertThat(new PrivilegesCheck().problem(new Facts().build())).isEmpty();
  }

  @Test
  void databaseGrantsPlusGlobalReplicationAreEnough() {
    Facts f = new Facts();
    f.grants =
        List.of(
            "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `u`@`%`",
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, LOCK TABLES ON `shop`.* TO"
                + " `u`@`%`");
    assertThat(new PrivilegesCheck().problem(f.build())).isEmpty();
  }

  @Test
  void missingPrivilegesAreListed() {
    Facts f = new Facts();
    f.grants =
        List.of(
            "GRANT USAGE ON *.* TO `u`@`%`",
            "GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`", "GRANT SELECT ON `other`.* TO `u`@`%`");
    assertThat(new PrivilegesCheck().problem(f.build()).orElseThrow())
        .contains("REPLICATION SLAVE ON *.*, REPLICATION CLIENT ON *.*")
        .doesNotContain("SELECT ON shop");
  }

  @Test
  void tableLevelGrantsDoNotCoverTheMigrationTables() {
    Facts f = new Facts();
    f.grants =
        List.of(
            "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `u`@`%`",
            "GRANT ALL PRIVILEGES ON `shop`.`orders` TO `u`@`%`");
    assertThat(new PrivilegesCheck().problem(f.build()).orElseThrow()).contains("CREATE ON shop.*");
  }

  @Test
  void escapedWildcardsInDatabaseNamesAreUnescaped() {
    assertThat(PrivilegesCheck.databaseOf("`my\\_db`.*")).isEqualTo("my_db");
  }
}
