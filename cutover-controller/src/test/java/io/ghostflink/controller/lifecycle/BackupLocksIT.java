package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A backup running as a migration starts: xtrabackup and MySQL Enterprise Backup hold {@code LOCK
 * INSTANCE FOR BACKUP} while they copy (hours on a large server), and backup tools take {@code
 * FLUSH TABLES WITH READ LOCK}. Every DDL statement of the migration waits for it, from the trial
 * ALTER on. Before, the migration sat in PREFLIGHT without a word until the backup ended; now it
 * says what it waits for and which connection holds it, and goes on once it is released.
 */
@ExtendWith(MysqlExtension.class)
class BackupLocksIT {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "LOCK INSTANCE FOR BACKUP, UNLOCK INSTANCE, the backup lock",
    "FLUSH TABLES WITH READ LOCK, UNLOCK TABLES, the global read lock"
  })
  void aMigrationSaysWhichBackupItWaitsFor(
      String lock, String unlock, String said, TestDatabase db, MysqlInstance mysql)
      throws Exception {
    String alter = "ADD COLUMN x INT NOT NULL DEFAULT 1";
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    List<String> messages = new CopyOnWriteArrayList<>();
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void message(String line) {
            messages.add(line);
          }
        };
    CompletableFuture<MigrationSummary> migration;
    try (Connection backup = db.connect();
        Statement s = backup.createStatement()) {
      long holder;
      try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        holder = rs.getLong(1);
      }
      s.execute(lock);
      migration =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new MigrationController(
                          options(db, mysql, "t", alter), listener, CutoverHook.NONE)
                      .execute();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      String expected = "held by MySQL connection " + holder + ", on ";
      Migrations.await(
          () -> messages.stream().anyMatch(m -> m.contains(said) && m.contains(expected)),
          "the migration to say what it waits for: " + messages,
          Duration.ofSeconds(60));
      assertThat(migration).as("waiting, not failed").isNotDone();
      s.execute(unlock);
    }
    assertThat(migration.get(120, TimeUnit.SECONDS).cutOverAttempts()).isPositive();
    assertThat(messages)
        .anyMatch(
            m ->
                m.matches("(a ghostflink session has|\\d+ ghostflink sessions have) waited .*")
                    && m.endsWith("; the migration goes on once it is released"));
    Migrations.assertAsMysqlWould(db, "t", mysql, alter);
  }
}
