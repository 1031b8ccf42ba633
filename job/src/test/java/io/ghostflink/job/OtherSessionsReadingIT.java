package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.RedoGauge;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the copy's planner reads of other sessions' writes ({@link RedoGauge}): whether anybody but
 * ghostflink writes decides whether the copy widens to its quiet parallelism, is held by the redo
 * log, or measures the writers' latency.
 */
@ExtendWith(MysqlExtension.class)
class OtherSessionsReadingIT {

  /**
   * ghostflink's own session writes a row every 2 ms or so (its heartbeats, marks and applied
   * changes, faster): none of its rows ever reads as another session's, though many of its
   * statements end while the server's figures are read. Then another session changes six rows:
   * exactly six.
   */
  @Test
  void ghostflinksOwnWritesNeverReadAsAnotherSessions(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "CREATE TABLE beat (id INT PRIMARY KEY, v BIGINT)",
        "INSERT INTO beat VALUES (1, 0)",
        "CREATE TABLE app (id INT PRIMARY KEY, v INT)");
    ServerAddress server =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    awaitNoGhostflinkSessions(db);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ourWrites = new AtomicLong();
    Thread ours =
        new Thread(
            () -> {
              try (Connection c = Connections.open(server, db.name());
                  PreparedStatement ps =
                      c.prepareStatement("UPDATE beat SET v = v + 1 WHERE id = 1")) {
                c.setAutoCommit(true);
                while (!stop.get()) {
                  ourWrites.addAndGet(ps.executeUpdate());
                  Thread.sleep(2);
                }
              } catch (java.sql.SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "ghostflink-writes");
    ours.start();
    // a session of ghostflink's that connects between the gauge's read of ghostflink's threads and
    // its read of the figures shows as another session's in that one reading: the writer is
    // connected and writing before the readings start
    JobHarness.await(() -> ourWrites.get() > 0, "ghostflink's session to write");
    try (RedoGauge gauge = new RedoGauge(server)) {
      long first = -1;
      int said = 0;
      for (int i = 0; i < 300; i++) {
        RedoGauge.Reading r = gauge.read(true);
        if (!r.othersRead()) {
          continue; // one of ghostflink's statements ended during the reading
        }
        assertThat(r.otherRowsChanged()).as("known").isNotNegative();
        if (first < 0) {
          first = r.otherRowsChanged();
        }
        assertThat(r.otherRowsChanged())
            .as("rows other sessions changed, at reading %d, with %d of ours", i, ourWrites.get())
            .isEqualTo(first);
        said++;
      }
      assertThat(said).as("readings that said what others did").isGreaterThan(200);
      assertThat(ourWrites.get()).as("ghostflink's writes during the readings").isGreaterThan(100);

      db.execute("INSERT INTO app VALUES (1, 0), (2, 0), (3, 0)", "UPDATE app SET v = 1");
      // the other session's figures reach the server's summary when it ends its statements, or
      // its connection (its thread ends after the client closed it)
      assertThat(othersRowsSince(gauge, first, 6)).as("another session's rows").isEqualTo(6);
    } finally {
      stop.set(true);
      ours.join();
    }
  }

  /**
   * A session of ghostflink's that changed rows and ends (a copy reader that failed) leaves its
   * figures in the server's summary, not in ghostflink's: they must not read as another session's
   * writes, which would narrow the copy, hold it by the redo log and keep its chunks short for 10
   * s. Another session's rows after it still count, exactly.
   */
  @Test
  void aSessionOfGhostflinksThatEndsIsNotAnotherSessionsWrites(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute("CREATE TABLE lane (id INT PRIMARY KEY)", "CREATE TABLE app2 (id INT PRIMARY KEY)");
    ServerAddress server =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    awaitNoGhostflinkSessions(db);
    try (RedoGauge gauge = new RedoGauge(server)) {
      Connection reader = Connections.open(server, db.name());
      long readerId;
      try (java.sql.Statement s = reader.createStatement()) {
        s.executeUpdate("INSERT INTO lane VALUES (1), (2), (3), (4), (5), (6), (7), (8)");
        try (java.sql.ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
          rs.next();
          readerId = rs.getLong(1);
        }
      }
      long before = othersRows(gauge);
      reader.close(); // its thread ends after the client closed it
      // its own thread, not a count of ghostflink's sessions: an earlier test's job may still be
      // closing its own on the shared server
      JobHarness.await(
          () ->
              ((Number)
                          db.scalar(
                              "SELECT COUNT(*) FROM performance_schema.threads"
                                  + " WHERE PROCESSLIST_ID = ?",
                              readerId))
                      .longValue()
                  == 0,
          "the reader's session to end");
      for (int i = 0; i < 20; i++) {
        RedoGauge.Reading r = gauge.read(true);
        if (r.othersRead()) {
          assertThat(r.otherRowsChanged())
              .as("others' rows after ghostflink's session of 8 rows ended, reading %d", i)
              .isEqualTo(before);
        }
      }
      db.execute("INSERT INTO app2 VALUES (1), (2), (3)");
      assertThat(othersRowsSince(gauge, before, 3)).as("another session's rows").isEqualTo(3);
    }
  }

  /**
   * Sessions of ghostflink's that connect, change a row and end at any moment (a copy's readers at
   * its start write their first marks as the planner takes its first readings): none of their
   * writes in the statement history reads as another session's, also when one connected after a
   * reading listed ghostflink's threads and wrote before it read the history, or was ending (a
   * session's history outlives its connection attributes, then its thread, by a moment). Such a
   * write put the planner's last write of another session at "now", and the copy waited 10 s more
   * before it counted the server as silent (its quiet chunk time).
   */
  @Test
  void aSessionOfGhostflinksThatConnectsOrEndsDuringAReadingIsNoRecentWriteOfAnother(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE marks (id INT PRIMARY KEY, v BIGINT)", "INSERT INTO marks VALUES (1, 0)");
    ServerAddress server =
        new ServerAddress(mysql.host(), mysql.port(), mysql.user(), mysql.password());
    awaitNoGhostflinkSessions(db);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sessions = new AtomicLong();
    Thread ours =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  try (Connection c = Connections.open(server, db.name());
                      java.sql.Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE marks SET v = v + 1 WHERE id = 1");
                    Thread.sleep(3); // connected a moment after its write, as a reader is
                  }
                  sessions.incrementAndGet();
                }
              } catch (java.sql.SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            "ghostflink-sessions");
    ours.start();
    JobHarness.await(() -> sessions.get() > 0, "ghostflink's first session to end");
    try (RedoGauge gauge = new RedoGauge(server)) {
      int said = 0;
      for (int i = 0; i < 400; i++) {
        RedoGauge.Reading r = gauge.read(true);
        if (!r.othersRead()) {
          continue;
        }
        said++;
        assertThat(r.otherWriteAgeNanos())
            .as(
                "another session's newest write, at reading %d, after %d sessions of ours",
                i, sessions.get())
            .isEqualTo(RedoGauge.Reading.NO_RECENT_WRITE);
      }
      assertThat(said).as("readings that said what others did").isGreaterThan(20);
      assertThat(sessions.get()).as("ghostflink's sessions during the readings").isGreaterThan(50);
    } finally {
      stop.set(true);
      ours.join();
    }
  }

  // the rows other sessions changed since {@code first}, read until {@code expected} or 10 s
  private static long othersRowsSince(RedoGauge gauge, long first, long expected)
      throws java.sql.SQLException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long seen = 0;
    while (seen < expected && System.nanoTime() < deadline) {
      RedoGauge.Reading r = gauge.read(true);
      if (r.othersRead()) {
        seen = r.otherRowsChanged() - first;
      }
    }
    return seen;
  }

  // the rows other sessions have changed, from the first reading that says
  private static long othersRows(RedoGauge gauge) throws java.sql.SQLException {
    for (int i = 0; i < 100; i++) {
      RedoGauge.Reading r = gauge.read(true);
      if (r.othersRead()) {
        return r.otherRowsChanged();
      }
    }
    throw new AssertionError("no reading said what other sessions did");
  }

  // the server is shared with the module's other tests: a session of theirs that connects or ends
  // during the readings would move rows between ghostflink's figures and the others'. Waits up to
  // 10 s for them to end, then goes on (a test's own assertions say whether it mattered)
  private static void awaitNoGhostflinkSessions(TestDatabase db) throws InterruptedException {
    long quiet = System.nanoTime() + 10_000_000_000L;
    while (ghostflinkSessions(db) > 0 && System.nanoTime() < quiet) {
      Thread.sleep(50);
    }
  }

  private static long ghostflinkSessions(TestDatabase db) {
    return ((Number)
            db.scalar(
                "SELECT COUNT(*) FROM performance_schema.session_connect_attrs"
                    + " WHERE ATTR_NAME = 'program_name' AND ATTR_VALUE = ?",
                Connections.PROGRAM_NAME))
        .longValue();
  }
}
