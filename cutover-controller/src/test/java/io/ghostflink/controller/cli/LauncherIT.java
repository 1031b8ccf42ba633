package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/ghostflink}, the launcher a user runs (the other tests call the command's class): its
 * JVM runs below the caller's CPU priority unless {@code GHOSTFLINK_NICE} says otherwise, with the
 * serial collector unless {@code GHOSTFLINK_JAVA_OPTS} names another. The JVM is held at its start
 * ({@code -XX:+PauseAtStartup}) while the test reads its nice value.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "ghostflink").toAbsolutePath();
  private static final Path WORK =
      Path.of(System.getProperty("ghostflink.test.work.dir", "target/work"));

  record Run(int exitCode, String out, String err, int nice) {}

  /** Runs the launcher with {@code --help} and {@code env}; {@code nice} is its JVM's. */
  private static Run launch(Map<String, String> env) throws Exception {
    return launch(env, "");
  }

  /** The same, with {@code javaOptions} added to {@code GHOSTFLINK_JAVA_OPTS}. */
  private static Run launch(Map<String, String> env, String javaOptions) throws Exception {
    Files.createDirectories(WORK);
    Path pause = Files.createTempFile(WORK.toAbsolutePath(), "launcher-paused", "");
    Files.delete(pause); // the JVM creates it when it pauses, and goes on when it is gone
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "--help");
    pb.environment().putAll(env);
    pb.environment()
        .put(
            "GHOSTFLINK_JAVA_OPTS",
            "-XX:+UnlockDiagnosticVMOptions -XX:+PauseAtStartup -XX:PauseAtStartupFile="
                + pause
                + " "
                + javaOptions);
    Path out = Files.createTempFile(WORK.toAbsolutePath(), "launcher", ".out");
    Path err = Files.createTempFile(WORK.toAbsolutePath(), "launcher", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    int nice = Integer.MIN_VALUE;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (Files.exists(pause)) {
        nice = nice(p.pid()); // the script exec'd nice, which exec'd java: the same process
        Files.delete(pause);
        break;
      }
      Thread.sleep(20);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        nice);
  }

  /** The nice value of process {@code pid} (field 19 of /proc/pid/stat). */
  private static int nice(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]); // fields from the third on: the nice value is the 19th
  }

  private static int ownNice() throws IOException {
    return nice(ProcessHandle.current().pid());
  }

  @Test
  void runsItsJvmTenBelowTheCallersPriority() throws Exception {
    Run run = launch(Map.of());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("migrate");
    assertThat(run.nice()).isEqualTo(Math.min(19, ownNice() + 10));
  }

  @Test
  void ghostflinkNiceZeroRunsItAtTheCallersPriority() throws Exception {
    Run run = launch(Map.of("GHOSTFLINK_NICE", "0"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.nice()).isEqualTo(ownNice());
  }

  @Test
  void runsTheSerialCollectorUnlessTheJavaOptionsNameAnother() throws Exception {
    Run serial = launch(Map.of(), "-XX:+PrintCommandLineFlags");
    assertThat(serial.exitCode()).as(serial.err()).isZero();
    assertThat(serial.out()).contains("-XX:+UseSerialGC").contains("migrate");
    Run g1 = launch(Map.of(), "-XX:+UseG1GC -XX:+PrintCommandLineFlags");
    assertThat(g1.exitCode()).as("the JVM refuses two collectors: " + g1.err()).isZero();
    assertThat(g1.out()).contains("-XX:+UseG1GC").doesNotContain("UseSerialGC");
  }

  @Test
  void aNiceValueOutOfRangeIsOneErrorLineAndExitCodeTwo() throws Exception {
    for (String bad : new String[] {"20", "-5", "high"}) {
      Run run = launch(Map.of("GHOSTFLINK_NICE", bad));
      assertThat(run.exitCode()).as(bad).isEqualTo(2);
      assertThat(run.err().strip().lines())
          .as(bad)
          .containsExactly(
              "ghostflink: error: GHOSTFLINK_NICE must be a number from 0 to 19 (10 by default),"
                  + " not '"
                  + bad
                  + "'");
      assertThat(run.nice()).as("no JVM started").isEqualTo(Integer.MIN_VALUE);
    }
  }
}
