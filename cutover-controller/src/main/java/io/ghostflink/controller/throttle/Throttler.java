package io.ghostflink.controller.throttle;

import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.ChangelogSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the copy holds back, and publishes the decision in the changelog table, where the
 * copy's planner reads it: it then hands out no new chunk, while the binlog apply keeps going.
 * Checked at most every {@link #CHECK_EVERY}, in gh-ost's order: the operator's throttle, the flag
 * file, critical load (which stops the migration), max load, the throttle query, the throttle URL
 * ({@link HttpThrottle}, whose new answer is acted on at once), the ghost table's lag; then
 * ghostflink's own guard for the writers, the server's commit latency ({@link CommitLatencyGuard}),
 * which holds nothing while the copy's planner sees no other session change rows. An operator's
 * runtime settings ({@code ghostflink set}, the socket) override the flags.
 *
 * <p>The copy's planner also holds by itself, before every chunk, from its own reading of the
 * server it writes to: its redo log ({@code --max-checkpoint-age-ratio}) and the time other
 * sessions' writes take ({@code --max-commit-latency-ratio}); a decision every half second here
 * would outlast what it waits for. The planner writes why it holds into the changelog, and it is
 * only reported here, in the progress line.
 */
public final class Throttler implements AutoCloseable {
  public static final Duration CHECK_EVERY = Duration.ofMillis(500);
  private static final Logger LOG = LoggerFactory.getLogger(Throttler.class);

  /** Writes one changelog hint (the controller's heartbeat connection). */
  @FunctionalInterface
  public interface Publisher {
    void write(String hint, String value) throws SQLException;
  }

  private final ServerAddress server;
  private final TableRef changelog;
  private final ThrottleSettings flags;
  private final Publisher publisher;
  private Connection connection;
  private volatile ThrottleSettings effective;
  private boolean checked;
  private long lastCheck;
  private long criticalSince = Long.MIN_VALUE;
  private String reason = "";
  private String copyHold = "";
  private volatile String copyPace = "";
  private String published;
  private String seenCopyHold = "";
  private volatile Map<String, String> controls = Map.of();
  private final HttpThrottle http;
  private String httpSeen = "";
  private final Map<ServerAddress, Connection> replicas = new HashMap<>();
  private final CommitLatencyGuard commits;

  /**
   * A throttler of the copy from {@code server}, publishing through {@code publisher}, its
   * commit-latency guard fed with {@code commits} (the heartbeat's).
   */
  public Throttler(
      ServerAddress server,
      TableRef changelog,
      ThrottleSettings flags,
      Publisher publisher,
      CommitLatencyGuard commits) {
    this.server = server;
    this.changelog = changelog;
    this.flags = flags;
    this.effective = flags;
    this.publisher = publisher;
    this.commits = commits;
    this.http = flags.throttleHttp() == null ? null : HttpThrottle.start(flags.throttleHttp());
  }

  /**
   * Why the copy holds back now, or empty; re-checked when the last check is older than {@link
   * #CHECK_EVERY}.
   *
   * @param lagMillis the ghost table's lag, or a negative number while it is unknown
   * @param copying whether the copy is under way (the commit-latency guard only holds it then)
   * @throws CriticalLoadException a critical-load threshold was exceeded (twice, the interval
   *     apart, when an interval is set)
   */
  public Optional<String> check(long lagMillis, boolean copying) throws CriticalLoadException {
    long now = System.nanoTime();
    // the application's answer is acted on as soon as it changes: it is the signal that knows
    String httpNow = http == null ? "" : http.reason();
    if (!checked || now - lastCheck >= CHECK_EVERY.toNanos() || !httpNow.equals(httpSeen)) {
      checked = true;
      lastCheck = now;
      httpSeen = httpNow;
      try {
        reason = evaluate(lagMillis, copying, now);
        // the copy's planner holds by its own reading of the server, and writes why
        copyHold = copying ? controls.getOrDefault(ChangelogSql.COPY_HOLD, "") : "";
        copyPace = copying ? controls.getOrDefault(ChangelogSql.COPY_PACE, "") : "";
      } catch (SQLException e) {
        // a lost session: keep the last decision and look again at the next check
        LOG.warn("Throttle check failed ({}); keeping the last decision", e.getMessage());
        closeSessions();
        return said();
      }
      if (!reason.equals(published)) {
        try {
          publisher.write(ChangelogSql.THROTTLE, reason);
          // one log line per kind of reason, not per new lag figure
          if (published == null || !shape(reason).equals(shape(published))) {
            if (reason.isEmpty()) {
              LOG.info("Copy no longer throttled");
            } else {
              LOG.info("Copy throttled: {}", reason);
            }
          }
          published = reason;
        } catch (SQLException e) {
          LOG.warn("Throttle decision not published ({}); retrying", e.getMessage());
        }
      }
      if (copyHold.isEmpty() != seenCopyHold.isEmpty()) {
        LOG.info(
            copyHold.isEmpty() ? "Copy no longer held by its planner" : "Copy held: {}", copyHold);
      }
      seenCopyHold = copyHold;
    }
    return said();
  }

  private Optional<String> said() {
    String why = reason.isEmpty() ? copyHold : reason;
    return why.isEmpty() ? Optional.empty() : Optional.of(why);
  }

  /**
   * The setting {@code name} of {@link RuntimeSettings} in force, as of the last check: the
   * operator's runtime value, else the flag's ({@code chunking}: the flag's chunk sizing).
   */
  public String setting(String name, String chunking) {
    String value = inForce(name, chunking);
    // the planner's own pace, learned from the writers' latency, rests the readers at least as long
    return name.equals("nice-ratio") && !copyPace.isEmpty()
        ? value + "; the copy's planner paces it: " + copyPace
        : value;
  }

  private String inForce(String name, String chunking) {
    String hint = RuntimeSettings.HINTS.get(name);
    String runtime = controls.get(hint);
    if (runtime != null && !runtime.isEmpty()) {
      return runtime + " (set at runtime)";
    }
    return switch (name) {
      case "max-load" -> effective.maxLoad().text();
      case "critical-load" -> effective.criticalLoad().text();
      case "max-lag-millis" -> Long.toString(effective.maxLag().toMillis());
      case "max-commit-latency-ratio" -> Double.toString(effective.maxCommitLatencyRatio());
      case "max-checkpoint-age-ratio" -> Double.toString(effective.maxCheckpointAgeRatio());
      case "nice-ratio" -> Double.toString(effective.niceRatio());
      case "max-cpu-ratio" -> Double.toString(effective.maxCpuRatio());
      default -> chunking;
    };
  }

  /**
   * A reason's kind: its text with every figure left out, so that "lag 1200 ms" and "lag 900 ms"
   * are told once, not at every new figure.
   */
  public static String shape(String reason) {
    return reason.replaceAll("\\d+", "#");
  }

  /** The settings in force: the flags, with the operator's runtime settings over them. */
  public ThrottleSettings settings() {
    return effective;
  }

  private String evaluate(long lagMillis, boolean copying, long now)
      throws SQLException, CriticalLoadException {
    Connection c = connection();
    Map<String, String> controls = controls(c);
    this.controls = Map.copyOf(controls);
    effective = override(controls);
    if ("on".equals(controls.get(ChangelogSql.CONTROL_THROTTLE))) {
      return "throttled by the operator (ghostflink no-throttle releases it)";
    }
    for (Path flag :
        java.util.Arrays.asList(effective.flagFile(), effective.additionalFlagFile())) {
      if (flag != null && Files.exists(flag)) {
        return "flag file " + flag + " exists";
      }
    }
    Map<String, Long> status =
        effective.maxLoad().isEmpty() && effective.criticalLoad().isEmpty()
            ? Map.of()
            : globalStatus(c);
    Optional<String> critical = effective.criticalLoad().exceeded(status);
    if (critical.isPresent()) {
      if (effective.criticalLoadInterval().isZero()
          || (criticalSince != Long.MIN_VALUE
              && now - criticalSince >= effective.criticalLoadInterval().toNanos())) {
        throw new CriticalLoadException("critical load: " + critical.get());
      }
      if (criticalSince == Long.MIN_VALUE) {
        criticalSince = now;
        LOG.warn(
            "Critical load {}; checking again in {} ms",
            critical.get(),
            effective.criticalLoadInterval().toMillis());
      }
    } else {
      criticalSince = Long.MIN_VALUE;
    }
    Optional<String> load = effective.maxLoad().exceeded(status);
    if (load.isPresent()) {
      return "max-load " + load.get();
    }
    if (effective.throttleQuery() != null) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(effective.throttleQuery())) {
        if (rs.next() && rs.getLong(1) > 0) {
          return "throttle query returned " + rs.getLong(1);
        }
      } catch (SQLException e) {
        return "throttle query failed: " + e.getMessage();
      }
    }
    if (!httpSeen.isEmpty()) {
      return httpSeen;
    }
    for (ServerAddress replica : effective.controlReplicas()) {
      Optional<String> behind = replicaLag(replica);
      if (behind.isPresent()) {
        return behind.get();
      }
    }
    if (lagMillis > effective.maxLag().toMillis()) {
      return "lag " + lagMillis + " ms > max-lag-millis " + effective.maxLag().toMillis();
    }
    // nobody but ghostflink changes rows (the copy's planner reads it): nobody waits on commits
    boolean alone = "yes".equals(controls.get(ChangelogSql.COPY_ALONE));
    return commits.check(now, copying, alone ? 0 : effective.maxCommitLatencyRatio());
  }

  private ThrottleSettings override(Map<String, String> controls) {
    String maxLoad = controls.get(ChangelogSql.CONTROL_MAX_LOAD);
    String critical = controls.get(ChangelogSql.CONTROL_CRITICAL_LOAD);
    String lag = controls.get(ChangelogSql.CONTROL_MAX_LAG);
    String ratio = controls.get(ChangelogSql.CONTROL_COMMIT_LATENCY);
    String redo = controls.get(ChangelogSql.CONTROL_CHECKPOINT_AGE);
    String nice = controls.get(ChangelogSql.CONTROL_NICE_RATIO);
    String cpu = controls.get(ChangelogSql.CONTROL_CPU);
    try {
      return new ThrottleSettings(
          present(maxLoad) ? LoadThresholds.parse("max-load", maxLoad) : flags.maxLoad(),
          present(critical)
              ? LoadThresholds.parse("critical-load", critical)
              : flags.criticalLoad(),
          flags.criticalLoadInterval(),
          flags.flagFile(),
          flags.throttleQuery(),
          flags.throttleHttp(),
          present(lag) ? Duration.ofMillis(Long.parseLong(lag.strip())) : flags.maxLag(),
          flags.socketFile(),
          flags.controlReplicas(),
          present(ratio) ? RuntimeSettings.ratio(ratio) : flags.maxCommitLatencyRatio(),
          present(redo) ? RuntimeSettings.fraction(redo) : flags.maxCheckpointAgeRatio(),
          present(nice) ? RuntimeSettings.nice(nice) : flags.niceRatio(),
          present(cpu) ? RuntimeSettings.cpu(cpu) : flags.maxCpuRatio(),
          flags.panicFlagFile(),
          flags.additionalFlagFile());
    } catch (IllegalArgumentException e) {
      // set validates before it writes; a row written by hand that does not parse is ignored
      LOG.warn("Ignoring a runtime setting that does not parse: {}", e.getMessage());
      return flags;
    }
  }

  // gh-ost's measure: how old the newest heartbeat the replica has applied is (the heartbeat is
  // written every 100 ms by this process, so one clock is on both sides); an unreachable replica,
  // or one without the heartbeat yet, throttles too
  private Optional<String> replicaLag(ServerAddress replica) {
    String name = replica.host() + ":" + replica.port();
    try {
      Connection c = replicas.get(replica);
      if (c == null || c.isClosed()) {
        c = Connections.open(replica, changelog.database());
        replicas.put(replica, c);
      }
      String beat;
      try (PreparedStatement ps = c.prepareStatement(ChangelogSql.read(changelog))) {
        ps.setString(1, ChangelogSql.HEARTBEAT);
        try (ResultSet rs = ps.executeQuery()) {
          beat = rs.next() ? rs.getString(1) : null;
        }
      }
      if (beat == null) {
        return Optional.of(noHeartbeat(c, replica, name));
      }
      long lag = Duration.between(Instant.parse(beat), Instant.now()).toMillis();
      return lag > effective.maxLag().toMillis()
          ? Optional.of(
              "replica "
                  + name
                  + " lag "
                  + lag
                  + " ms > max-lag-millis "
                  + effective.maxLag().toMillis())
          : Optional.empty();
    } catch (SQLException e) {
      Connections.closeQuietly(replicas.remove(replica));
      if (e.getErrorCode() == io.ghostflink.operators.jdbc.MysqlErrors.NO_SUCH_TABLE
          || e.getErrorCode() == BAD_DATABASE) {
        // the changelog table, or its database, has not reached it
        return Optional.of(noHeartbeat(null, replica, name));
      }
      return Optional.of("replica " + name + " unreachable: " + e.getMessage());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.of("replica " + name + " has an unreadable heartbeat");
    }
  }

  // ER_BAD_DB_ERROR: a server the migration's database has not reached
  private static final int BAD_DATABASE = 1049;

  /**
   * A control replica without this migration's heartbeat: what it replicates from, so an operator
   * who named a server that is no replica of this one (or whose replication stopped) sees it, where
   * the copy would otherwise wait without saying why. Asked on {@code open}, the replica's session
   * when it has one, else on a session of its own.
   */
  private static String noHeartbeat(Connection open, ServerAddress replica, String name) {
    String why = null;
    try (Connection own = open == null ? Connections.open(replica, "") : null;
        Statement s = (open != null ? open : own).createStatement();
        ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
      why =
          rs.next()
              ? replication(
                  rs.getString("Source_Host") + ":" + rs.getInt("Source_Port"),
                  rs.getString("Replica_IO_Running"),
                  rs.getString("Replica_SQL_Running"),
                  rs.getString("Last_IO_Error"),
                  rs.getString("Last_SQL_Error"))
              : replication(null, null, null, null, null);
    } catch (SQLException e) {
      LOG.debug("SHOW REPLICA STATUS on {}: {}", name, e.getMessage()); // e.g. no privilege
    }
    return "replica " + name + " has no heartbeat yet" + (why == null ? "" : " (" + why + ")");
  }

  /** What a replica's {@code SHOW REPLICA STATUS} says of its replication (source null: none). */
  static String replication(
      String source, String ioRunning, String sqlRunning, String ioError, String sqlError) {
    if (source == null) {
      return "it replicates from no server: SHOW REPLICA STATUS is empty there; give"
          + " --throttle-control-replicas replicas of this migration's server";
    }
    StringBuilder b = new StringBuilder("it replicates from ").append(source);
    if (!"Yes".equalsIgnoreCase(ioRunning)) {
      b.append("; its receiver (IO) thread is ").append(ioRunning);
      if (ioError != null && !ioError.isBlank()) {
        b.append(": ").append(ioError.strip());
      }
    }
    if (!"Yes".equalsIgnoreCase(sqlRunning)) {
      b.append("; its applier (SQL) thread is ").append(sqlRunning);
      if (sqlError != null && !sqlError.isBlank()) {
        b.append(": ").append(sqlError.strip());
      }
    }
    return b.toString();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private Map<String, String> controls(Connection c) throws SQLException {
    Map<String, String> controls = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ChangelogSql.readControls(changelog))) {
      while (rs.next()) {
        controls.put(rs.getString(1), rs.getString(2));
      }
    }
    return controls;
  }

  private Map<String, Long> globalStatus(Connection c) throws SQLException {
    Map<String, Long> status = new HashMap<>();
    int names = effective.maxLoad().limits().size() + effective.criticalLoad().limits().size();
    String in = String.join(", ", java.util.Collections.nCopies(names, "?"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.global_status"
                + " WHERE VARIABLE_NAME IN ("
                + in
                + ")")) {
      int p = 1;
      for (String name : effective.maxLoad().limits().keySet()) {
        ps.setString(p++, name);
      }
      for (String name : effective.criticalLoad().limits().keySet()) {
        ps.setString(p++, name);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            status.put(
                rs.getString(1).toLowerCase(Locale.ROOT), Long.parseLong(rs.getString(2).strip()));
          } catch (NumberFormatException ignored) {
            // not a number: cannot exceed a threshold
          }
        }
      }
    }
    return status;
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      closeSessions();
      connection = Connections.open(server, changelog.database());
    }
    return connection;
  }

  /** Closes the sessions and stops asking the throttle URL. */
  @Override
  public void close() {
    closeSessions();
    if (http != null) {
      http.close();
    }
  }

  // reopened at the next check
  private void closeSessions() {
    replicas.values().forEach(Connections::closeQuietly);
    replicas.clear();
    Connections.closeQuietly(connection); // reopened at the next check
    connection = null;
  }
}
