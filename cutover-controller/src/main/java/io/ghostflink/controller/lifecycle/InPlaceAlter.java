package io.ghostflink.controller.lifecycle;

import io.ghostflink.controller.cutover.LongLockHolders;
import io.ghostflink.controller.preflight.TableFacts;
import io.ghostflink.controller.schema.AlterClause;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.MysqlErrors;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.MigrationDdl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --attempt-instant-ddl}: the ALTER run by MySQL on the table itself, with {@code
 * ALGORITHM=INSTANT} as gh-ost's flag of that name and Spirit do, or with {@code ALGORITHM=INPLACE}
 * when it changes only secondary indexes' metadata (as Spirit does: {@link
 * AlterClause#onlyIndexMetadata}). Each attempt waits at most {@code --cut-over-lock-timeout} for
 * the table's metadata lock, the time writers queue behind it; one that times out is retried as a
 * cut-over is (docs/operations.md, "INSTANT ALTERs").
 */
final class InPlaceAlter {
  private static final Logger LOG = LoggerFactory.getLogger(InPlaceAlter.class);

  /** What MySQL did: the algorithm, how long the ALTER took, at which attempt. */
  record Done(String algorithm, Duration took, int attempt) {}

  /** Thrown when it cannot be known whether MySQL ran the ALTER (its connection broke). */
  static final class Unknown extends Exception {
    Unknown(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Checked before each attempt: throws when the run must stop (its migration lock lost). */
  @FunctionalInterface
  interface Guard {
    void check() throws MigrationFailedException;
  }

  private final ServerAddress server;
  private final TableRef table;
  private final AlterClause alter;
  private final MigrationOptions options;
  private final Consumer<String> say;

  InPlaceAlter(
      ServerAddress server,
      TableRef table,
      AlterClause alter,
      MigrationOptions options,
      Consumer<String> say) {
    this.server = server;
    this.table = table;
    this.alter = alter;
    this.options = options;
    this.say = say;
  }

  /**
   * Runs the ALTER in place; null, to copy as without the flag, when MySQL can do it neither
   * INSTANT nor as an index-metadata change, when the cut-over is postponed (such an ALTER is a
   * swap that cannot wait for the flag file), when MySQL refuses it on the table (its 64 row
   * versions used up), or when the metadata lock was not had in {@code --max-cut-over-attempts}.
   *
   * @throws MigrationFailedException {@code guard} stopped the run before an attempt
   */
  Done attempt(TableFacts facts, Guard guard)
      throws Unknown, InterruptedException, MigrationFailedException {
    String algorithm =
        facts.trial().instant() ? "INSTANT" : alter.onlyIndexMetadata() ? "INPLACE" : null;
    Path flag = options.postponeFlagFile();
    if (algorithm == null) {
      return copy("MySQL cannot do this ALTER INSTANT, and it changes more than indexes' metadata");
    }
    if (flag != null && Files.exists(flag)) {
      return copy(
          "not tried while "
              + flag
              + " exists (--postpone-cut-over-flag-file: an ALTER MySQL does in place is its own"
              + " cut-over and cannot wait for the file)");
    }
    String sql =
        algorithm.equals("INSTANT")
            ? MigrationDdl.alterInstant(table, alter.text())
            : MigrationDdl.alter(table, alter.text()) + ", ALGORITHM=INPLACE, LOCK=NONE";
    long timeout = options.cutOverLockTimeout().toSeconds();
    for (int attempt = 1; ; attempt++) {
      guard.check();
      LOG.info("{} attempt {}: {}", algorithm, attempt, sql);
      try (Connection c = Connections.open(server, table.database());
          Statement s = c.createStatement()) {
        s.execute("SET SESSION lock_wait_timeout = " + timeout);
        // an ALTER waiting for a long transaction would queue every writer behind it
        String waitedFor =
            LongLockHolders.awaitGone(
                c,
                java.util.List.of(table),
                LongLockHolders.Wanted.WRITE,
                options.cutOverLockTimeout(),
                () -> null);
        if (waitedFor != null) {
          if (attempt >= options.maxCutOverAttempts()) {
            return copy(waitedFor + ", in " + attempt + " attempts (--max-cut-over-attempts)");
          }
          say(algorithm + " attempt " + attempt + ": " + waitedFor + "; trying again");
          Thread.sleep(MigrationController.cutOverBackOffMillis(attempt));
          continue;
        }
        long t0 = System.nanoTime();
        Connections.executeAlter(c, sql);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        say(
            "--attempt-instant-ddl: MySQL changed "
                + table
                + " with ALGORITHM="
                + algorithm
                + " in "
                + took.toMillis()
                + " ms (metadata only: no row copied, no table swapped)");
        return new Done(algorithm, took, attempt);
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
          throw new Unknown(
              "the connection failed while MySQL ran the "
                  + algorithm
                  + " ALTER of "
                  + table
                  + " ("
                  + e.getMessage()
                  + "); whether it ran is unknown: compare SHOW CREATE TABLE "
                  + table
                  + " with --alter before running again",
              e);
        }
        if (e.getErrorCode() != MysqlErrors.LOCK_WAIT_TIMEOUT) {
          return copy(
              "MySQL refused it on " + table + ": " + e.getMessage().replaceAll("\\.$", ""));
        }
        if (attempt >= options.maxCutOverAttempts()) {
          return copy(
              "MySQL could not take "
                  + table
                  + "'s metadata lock within --cut-over-lock-timeout in "
                  + attempt
                  + " attempts (--max-cut-over-attempts)");
        }
        say(
            algorithm
                + " attempt "
                + attempt
                + " waited "
                + timeout
                + " s for "
                + table
                + "'s metadata lock (a transaction that used "
                + table
                + " is open); trying again");
        Thread.sleep(MigrationController.cutOverBackOffMillis(attempt));
      }
    }
  }

  private Done copy(String why) {
    say("--attempt-instant-ddl: " + why + "; copying the rows instead");
    return null;
  }

  private void say(String line) {
    LOG.info("{}", line);
    say.accept(line);
  }
}
