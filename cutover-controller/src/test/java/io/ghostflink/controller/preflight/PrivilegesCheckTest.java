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
  void theRootOfAFreshServerIsEnoughAndItsProxyGrantNamesNoDatabase() {
    // SHOW GRANTS of root@localhost on a MySQL 8.0.31 made by mysqld --initialize-insecure; the
    // PROXY line failed the preflight with "begin 0, end -1, length 5"
    Facts f = new Facts();
    f.grants =
        List.of(
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE,"
                + " REFERENCES, INDEX, ALTER, SHOW DATABASES, SUPER, CREATE TEMPORARY TABLES, LOCK"
                + " TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW, SHOW VIEW,"
                + " CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, CREATE TABLESPACE,"
                + " CREATE ROLE, DROP ROLE ON *.* TO `root`@`localhost` WITH GRANT OPTION",
            "GRANT APPLICATION_PASSWORD_ADMIN,AUDIT_ABORT_EXEMPT,BACKUP_ADMIN,BINLOG_ADMIN,"
                + "SESSION_VARIABLES_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `root`@`localhost` WITH"
                + " GRANT OPTION",
            "GRANT PROXY ON ``@`` TO `root`@`localhost` WITH GRANT OPTION");
    assertThat(new PrivilegesCheck().problem(f.build())).isEmpty();
  }

  @Test
  void databaseGrantsPlusGlobalReplicationAndPerformanceSchemaAreEnough() {
    Facts f = new Facts();
    f.grants =
        List.of(
            "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `u`@`%`",
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, LOCK TABLES ON `shop`.* TO"
                + " `u`@`%`",
            "GRANT SELECT ON `performance_schema`.* TO `u`@`%`");
    assertThat(new PrivilegesCheck().problem(f.build())).isEmpty();
  }

  @Test
  void theCutOverNeedsToReadPerformanceSchemasMetadataLocks() {
    Facts f = new Facts();
    List<String> base =
        List.of(
            "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `u`@`%`",
            "GRANT ALL PRIVILEGES ON `shop`.* TO `u`@`%`");
    f.grants = base;
    assertThat(new PrivilegesCheck().problem(f.build()).orElseThrow())
        .contains("[SELECT ON performance_schema.*]");

    f.grants = new java.util.ArrayList<>(base);
    f.grants.add("GRANT SELECT ON `performance_schema`.`metadata_locks` TO `u`@`%`");
    assertThat(new PrivilegesCheck().problem(f.build())).as("threads is missing").isPresent();
    f.grants.add("GRANT SELECT ON `performance_schema`.`threads` TO `u`@`%`");
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
