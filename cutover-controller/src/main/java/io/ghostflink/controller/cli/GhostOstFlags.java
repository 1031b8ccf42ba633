package io.ghostflink.controller.cli;

import io.ghostflink.controller.lifecycle.ExactRowCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * gh-ost's flags that a runbook written for gh-ost brings to {@code ghostflink migrate}
 * (docs/operations.md, "Coming from gh-ost"). Those that ask for what ghostflink always does, or
 * that tune a part ghostflink does not have, are taken and change nothing (one note names them);
 * those with a ghostflink counterpart set it; those of a mode ghostflink does not have are refused,
 * each with one line saying what to do instead ({@link #refusal}).
 */
public final class GhostOstFlags {
  private static final String NO_EFFECT = "gh-ost's flag; no effect in ghostflink: ";

  @Option(
      names = "--allow-on-master",
      description = NO_EFFECT + "it always migrates on the server --host names, reading its binlog")
  boolean allowOnMaster;

  @Option(
      names = "--allow-master-master",
      description = NO_EFFECT + "it migrates on the server --host names, whatever replicates it")
  boolean allowMasterMaster;

  @Option(names = "--assume-rbr", description = NO_EFFECT + "it checks that binlog_format is ROW")
  boolean assumeRbr;

  @Option(
      names = "--switch-to-rbr",
      description =
          NO_EFFECT + "it checks that binlog_format is ROW and never changes a server setting")
  boolean switchToRbr;

  @Option(
      names = "--approve-renamed-columns",
      description = NO_EFFECT + "a renamed column (CHANGE a b, RENAME COLUMN) keeps its values")
  boolean approveRenamedColumns;

  @Option(
      names = "--skip-foreign-key-checks",
      description = NO_EFFECT + "it always looks for foreign keys")
  boolean skipForeignKeyChecks;

  @Option(
      names = "--initially-drop-socket-file",
      description = NO_EFFECT + "a stale --serve-socket-file is always replaced")
  boolean initiallyDropSocketFile;

  @Option(
      names = "--gtid",
      description = NO_EFFECT + "it records GTID sets with its binlog positions where GTIDs are on")
  boolean gtid;

  @Option(
      names = "--checkpoint",
      description = NO_EFFECT + "it always checkpoints its progress (ghostflink resume)")
  boolean checkpoint;

  @Option(
      names = "--cut-over-exponential-backoff",
      description = NO_EFFECT + "its cut-over attempts always back off")
  boolean cutOverExponentialBackoff;

  @Option(
      names = "--exponential-backoff-max-interval",
      paramLabel = "SECONDS",
      description = NO_EFFECT + "its cut-over attempts always back off")
  Long exponentialBackoffMaxInterval;

  @Option(
      names = "--heartbeat-interval-millis",
      paramLabel = "MILLIS",
      description = NO_EFFECT + "its heartbeat is every 100 ms (gh-ost's default)")
  Long heartbeatIntervalMillis;

  @Option(
      names = "--dml-batch-size",
      paramLabel = "N",
      description =
          NO_EFFECT
              + "the job applies the binlog in batches of its own, in parallel by primary key")
  Integer dmlBatchSize;

  @Option(
      names = "--analyze-ghost-table-before-cutover",
      description =
          NO_EFFECT
              + "it always analyzes the ghost table before the swap (--skip-analyze-table turns"
              + " it off), and carries the original's histograms to it")
  boolean analyzeGhostTableBeforeCutover;

  @Option(
      names = "--storage-engine",
      paramLabel = "innodb",
      description = "gh-ost's flag; ghostflink migrates InnoDB tables only")
  String storageEngine;

  @Option(
      names = "--cut-over",
      paramLabel = "atomic|default",
      description =
          "gh-ost's flag; ghostflink's cut-over is always atomic (one RENAME TABLE under the"
              + " lock); two-step is refused")
  String cutOver;

  @Option(
      names = "--cut-over-lock-timeout-seconds",
      paramLabel = "N",
      description = "gh-ost's name of --cut-over-lock-timeout, in seconds")
  Integer cutOverLockTimeoutSeconds;

  @Option(
      names = "--default-retries",
      paramLabel = "N",
      description = "gh-ost's flag: the cut-over attempts (--max-cut-over-attempts)")
  Integer defaultRetries;

  @Option(
      names = "--exact-rowcount",
      description =
          "gh-ost's flag: count the table's rows (SELECT COUNT(*), on a session of its own) for the"
              + " progress and its ETA instead of the server's estimate")
  boolean exactRowcount;

  @Option(
      names = "--concurrent-rowcount",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "true|false",
      description =
          "gh-ost's flag: with --exact-rowcount, count beside the copy (true, the default) or"
              + " before it starts (false)")
  Boolean concurrentRowcount;

  @Option(
      names = "--check-flag",
      description =
          "gh-ost's flag: only check that every other flag given exists (exit code 0), with dummy"
              + " values where a flag takes one; nothing is done")
  boolean checkFlag;

  /**
   * gh-ost's flags of modes ghostflink does not have, each with what to do instead; named in the
   * one error line when given (the value is never repeated: it may be a password).
   */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry(
              "--test-on-replica",
              "ghostflink has no test-on-replica mode; it migrates on the server --host names."
                  + " To rehearse, migrate a copy of the table, and compare the result with"
                  + " MySQL's own ALTER with ghostflink verify"),
          Map.entry("--test-on-replica-skip-replica-stop", "see --test-on-replica: not a mode"),
          Map.entry(
              "--migrate-on-replica",
              "ghostflink has no migrate-on-replica mode; it migrates on the server --host names,"
                  + " reading that server's binlog"),
          Map.entry(
              "--assume-master-host",
              "ghostflink does not look for the primary through a replica: give the primary as"
                  + " --host (gh-ost's --allow-on-master mode)"),
          Map.entry("--tungsten", "give the primary as --host; ghostflink reads its binlog"),
          Map.entry("--master-user", "give the primary as --host, with --user and --password-file"),
          Map.entry(
              "--master-password",
              "give the primary as --host, with --user and --password-file (a password is never"
                  + " taken on the command line)"),
          Map.entry(
              "--ask-pass",
              "give --password-file FILE (a named pipe or <(vault read …) works) or --conf FILE"),
          Map.entry(
              "--discard-foreign-keys",
              "ghostflink does not migrate tables with foreign keys yet; drop them first with"
                  + " MySQL's own ALTER TABLE … DROP FOREIGN KEY (done in place, no copy)"),
          Map.entry(
              "--skip-renamed-columns",
              "ghostflink always carries a renamed column's values; to have it start empty, DROP"
                  + " the column and ADD it in --alter"),
          Map.entry(
              "--force-table-names",
              "ghostflink's tables are always _<table>_gho, _ghc and _ghp (a resume and the crash"
                  + " recovery find them by those names)"),
          Map.entry(
              "--revert",
              "ghostflink has no revert yet; the old table stays as _<table>_del after the swap"
                  + " unless --ok-to-drop-table"),
          Map.entry(
              "--resume",
              "a stopped migration goes on with: ghostflink resume (with the same connection and"
                  + " table flags)"),
          Map.entry(
              "--replication-lag-query",
              "ghostflink measures the lag of --throttle-control-replicas with its own heartbeat"
                  + " (gh-ost deprecated this flag)"),
          Map.entry(
              "--critical-load-hibernate-seconds",
              "ghostflink does not hibernate: --critical-load aborts the migration (the table"
                  + " intact); to hold the copy back under load instead, give the threshold to"
                  + " --max-load"),
          Map.entry(
              "--force-named-cut-over",
              "ghostflink's --serve-socket-file serves one migration, so its commands name no"
                  + " table"),
          Map.entry("--force-named-panic", "see --force-named-cut-over"),
          Map.entry(
              "--serve-tcp-port",
              "ghostflink serves gh-ost's commands on --serve-socket-file, and from any machine"
                  + " with ghostflink throttle, no-throttle, set and unpostpone"));

  /**
   * The one error line for {@code arg} (a flag, with or without {@code =value}) when it is one of
   * gh-ost's flags ghostflink refuses; null for any other.
   */
  static String refusal(String arg) {
    String flag = flagName(arg);
    String why = REFUSED.get(flag);
    return why == null ? null : flag + " is gh-ost's: " + why;
  }

  /** The flag's name of a command-line argument: {@code --x} of {@code --x=value}. */
  static String flagName(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }

  /**
   * Sets what these flags stand for in {@code flags}; throws, with one line, on a value ghostflink
   * refuses or a flag given under both names.
   */
  void applyTo(MigrationFlags flags, ParseResult parsed) {
    if (storageEngine != null && !storageEngine.equalsIgnoreCase("innodb")) {
      throw new IllegalArgumentException(
          "--storage-engine " + storageEngine + ": ghostflink migrates InnoDB tables only");
    }
    if (cutOver != null) {
      String v = cutOver.strip().toLowerCase(java.util.Locale.ROOT);
      if (v.equals("two-step")) {
        throw new IllegalArgumentException(
            "--cut-over two-step leaves a moment in which the table does not exist; ghostflink's"
                + " cut-over is always atomic (one RENAME TABLE under the lock): leave --cut-over"
                + " out");
      }
      if (!v.equals("atomic") && !v.equals("default")) {
        throw new IllegalArgumentException(
            "--cut-over takes atomic or default (gh-ost's values), not '" + cutOver + "'");
      }
    }
    if (analyzeGhostTableBeforeCutover && parsed.hasMatchedOption("--skip-analyze-table")) {
      throw new IllegalArgumentException(
          "--analyze-ghost-table-before-cutover and --skip-analyze-table ask for opposites; give"
              + " one (ghostflink analyzes the ghost table unless --skip-analyze-table)");
    }
    if (cutOverLockTimeoutSeconds != null) {
      requireOneOf(parsed, "--cut-over-lock-timeout-seconds", "--cut-over-lock-timeout");
      flags.cutOverLockTimeout = Duration.ofSeconds(cutOverLockTimeoutSeconds);
    }
    if (defaultRetries != null) {
      requireOneOf(parsed, "--default-retries", "--max-cut-over-attempts");
      flags.maxCutOverAttempts = defaultRetries;
    }
  }

  /** How the progress learns the table's rows: gh-ost's {@code --exact-rowcount}. */
  ExactRowCount.Mode rowCount() {
    if (!exactRowcount) {
      return ExactRowCount.Mode.ESTIMATE;
    }
    return Boolean.FALSE.equals(concurrentRowcount)
        ? ExactRowCount.Mode.BEFORE_COPY
        : ExactRowCount.Mode.CONCURRENT;
  }

  /**
   * The gh-ost flags given that change nothing here, for one note; empty when none. {@code
   * --concurrent-rowcount} without {@code --exact-rowcount} is one of them.
   */
  List<String> withoutEffect(ParseResult parsed) {
    List<String> names = new ArrayList<>();
    for (String name :
        List.of(
            "--allow-on-master",
            "--allow-master-master",
            "--analyze-ghost-table-before-cutover",
            "--assume-rbr",
            "--switch-to-rbr",
            "--approve-renamed-columns",
            "--skip-foreign-key-checks",
            "--initially-drop-socket-file",
            "--gtid",
            "--checkpoint",
            "--cut-over-exponential-backoff",
            "--exponential-backoff-max-interval",
            "--heartbeat-interval-millis",
            "--dml-batch-size",
            "--storage-engine",
            "--cut-over")) {
      if (parsed.hasMatchedOption(name)) {
        names.add(name);
      }
    }
    if (parsed.hasMatchedOption("--concurrent-rowcount") && !exactRowcount) {
      names.add("--concurrent-rowcount (without --exact-rowcount)");
    }
    return names;
  }

  private static void requireOneOf(ParseResult parsed, String ghost, String ours) {
    if (parsed.hasMatchedOption(ours)) {
      throw new IllegalArgumentException(
          ghost + " and " + ours + " say the same thing twice; give only " + ours);
    }
  }
}
