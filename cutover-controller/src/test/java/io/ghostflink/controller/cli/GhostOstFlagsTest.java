package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.lifecycle.ExactRowCount;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** gh-ost's flags set what they stand for in ghostflink's. */
class GhostOstFlagsTest {
  private static final String[] TABLE = {
    "migrate", "--user", "u", "--database", "d", "--table", "t", "--alter", "ADD COLUMN x INT"
  };

  private static MigrateCommand parse(String... flags) {
    MigrateCommand migrate = new MigrateCommand();
    CommandLine cli = new CommandLine(migrate);
    String[] args = new String[TABLE.length - 1 + flags.length];
    System.arraycopy(TABLE, 1, args, 0, TABLE.length - 1);
    System.arraycopy(flags, 0, args, TABLE.length - 1, flags.length);
    cli.parseArgs(args);
    migrate.ghost.applyTo(migrate.flags, cli.getParseResult());
    return migrate;
  }

  @Test
  void ghostsNamesSetGhostflinksFlags() {
    MigrateCommand m =
        parse(
            "--cut-over-lock-timeout-seconds=7",
            "--default-retries=120",
            "--replica-server-id=99999",
            "--hooks-status-interval=90");
    assertThat(m.flags.cutOverLockTimeout).isEqualTo(Duration.ofSeconds(7));
    assertThat(m.flags.maxCutOverAttempts).isEqualTo(120);
    assertThat(m.flags.serverId).isEqualTo(99999);
    assertThat(m.flags.hooksStatusInterval).isEqualTo(Duration.ofSeconds(90));

    MigrateCommand defaults = parse();
    assertThat(defaults.flags.cutOverLockTimeout).isEqualTo(Duration.ofSeconds(3));
    assertThat(defaults.flags.maxCutOverAttempts).isEqualTo(10);
    assertThat(defaults.flags.hooksStatusInterval).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void ghostsSharedThrottleFileIsLookedAtUnlessEmptied() {
    assertThat(parse().flags.throttle().additionalFlagFile())
        .isEqualTo(java.nio.file.Path.of("/tmp/gh-ost.throttle"));
    assertThat(parse("--throttle-additional-flag-file=").flags.throttle().additionalFlagFile())
        .isNull();
  }

  @Test
  void exactRowcountCountsBesideTheCopyUnlessConcurrentRowcountIsFalse() {
    assertThat(parse().ghost.rowCount()).isEqualTo(ExactRowCount.Mode.ESTIMATE);
    assertThat(parse("--concurrent-rowcount").ghost.rowCount())
        .isEqualTo(ExactRowCount.Mode.ESTIMATE);
    assertThat(parse("--exact-rowcount").ghost.rowCount()).isEqualTo(ExactRowCount.Mode.CONCURRENT);
    assertThat(parse("--exact-rowcount", "--concurrent-rowcount").ghost.rowCount())
        .isEqualTo(ExactRowCount.Mode.CONCURRENT);
    assertThat(parse("--exact-rowcount", "--concurrent-rowcount=false").ghost.rowCount())
        .isEqualTo(ExactRowCount.Mode.BEFORE_COPY);
  }

  @Test
  void theGhostTableIsAnalyzedUnlessSkippedAndGhostsFlagForItContradictsTheSkip() {
    assertThat(parse().flags.skipAnalyzeTable).isFalse();
    assertThat(parse("--skip-analyze-table").flags.skipAnalyzeTable).isTrue();
    assertThat(parse("--analyze-ghost-table-before-cutover").flags.skipAnalyzeTable).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> parse("--analyze-ghost-table-before-cutover", "--skip-analyze-table"))
        .hasMessage(
            "--analyze-ghost-table-before-cutover and --skip-analyze-table ask for opposites; give"
                + " one (ghostflink analyzes the ghost table unless --skip-analyze-table)");
  }

  @Test
  void theNoteNamesEachFlagWithoutEffectOnce() {
    CommandLine cli = new CommandLine(new MigrateCommand());
    MigrateCommand m = cli.getCommand();
    cli.parseArgs(
        "--user",
        "u",
        "--table",
        "t",
        "--alter",
        "x",
        "--assume-rbr",
        "--analyze-ghost-table-before-cutover",
        "--dml-batch-size=50",
        "--concurrent-rowcount",
        "--gtid");
    assertThat(m.ghost.withoutEffect(cli.getParseResult()))
        .containsExactly(
            "--analyze-ghost-table-before-cutover",
            "--assume-rbr",
            "--gtid",
            "--dml-batch-size",
            "--concurrent-rowcount (without --exact-rowcount)");
  }

  @Test
  void checkFlagChecksTheCommandNamedAndAsksForOneWhenNoneIs() {
    assertThat(checkFlag("--check-flag", "--alter=x"))
        .isEqualTo(
            "ghostflink: error: --check-flag checks the flags of a command: name it, e.g."
                + " ghostflink migrate --check-flag --max-load=Threads_running=25");
    assertThat(checkFlag("status", "--check-flag", "--state-dir", "x"))
        .as("any command's flags, --check-flag not among them")
        .isEmpty();
    assertThat(checkFlag("status", "--check-flag", "--alter=x"))
        .isEqualTo("ghostflink: error: ghostflink status has no flag --alter");
  }

  @Test
  void ghostsSingleDashSpellingIsTakenAndAValueThatLooksLikeAFlagStaysAValue() {
    assertThat(
            checkFlag(
                "migrate",
                "-check-flag",
                "-alter=ADD COLUMN x INT",
                "-max-load=Threads_running=25",
                "-database",
                "d",
                "-exact-rowcount",
                "-execute"))
        .isEmpty();
    assertThat(checkFlag("migrate", "--check-flag", "-no-such-flag"))
        .isEqualTo("ghostflink: error: ghostflink migrate has no flag -no-such-flag");
    assertThat(checkFlag("migrate", "--check-flag", "-test-on-replica"))
        .startsWith("ghostflink: error: --test-on-replica is gh-ost's: ");

    String[] doubled =
        SingleDashFlags.doubled(
            new CommandLine(new Ghostflink()),
            new String[] {
              "migrate", "-chunk-size=500", "--throttle-query", "-execute", "-table", "-t", "-v"
            });
    assertThat(doubled)
        .containsExactly(
            "migrate", "--chunk-size=500", "--throttle-query", "-execute", "--table", "-t", "-v");
    MigrateCommand m = parse(java.util.Arrays.copyOfRange(doubled, 1, 4));
    assertThat(m.flags.chunkSize).isEqualTo(500);
    assertThat(m.flags.throttleQuery).isEqualTo("-execute");
  }

  /** What {@code ghostflink args} says on stderr, with exit code 0 for none and 2 for a line. */
  private static String checkFlag(String... args) {
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Ghostflink.run(
            args,
            new java.io.PrintWriter(new java.io.StringWriter(), true),
            new java.io.PrintWriter(err, true));
    String said = err.toString().strip();
    assertThat(code).as(said).isEqualTo(said.isEmpty() ? 0 : Ghostflink.BAD_INPUT);
    return said;
  }

  @Test
  void refusedFlagsAreNamedWithoutTheirValue() {
    assertThat(GhostOstFlags.refusal("--master-password=s3cr3t"))
        .startsWith("--master-password is gh-ost's: ")
        .doesNotContain("s3cr3t");
    assertThat(GhostOstFlags.refusal("--no-such-flag")).isNull();
  }
}
