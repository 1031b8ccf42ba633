package io.ghostflink.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.EmbeddedMysqlMain;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No mysqld of ours outlives its owner: not after close, not after JVM exit, not after kill -9. */
class MysqlLifecycleIT {
  private static final Pattern READY = Pattern.compile("ready port=(\\d+) pid=(\\d+)");

  @TempDir Path baseDir;

  @Test
  void closeStopsTheServerByItsPid() {
    MysqlServer server = MysqlServer.start(MysqlServerSpec.named("closing").withBaseDir(baseDir));
    long pid = server.pid();
    assertThat(ProcessHandle.of(pid)).isPresent();

    server.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void serverStopsWhenItsJvmExits() throws Exception {
    Process child = startChildJvm();
    long mysqld = awaitReadyPid(child);
    assertThat(alive(mysqld)).isTrue();

    child.getOutputStream().close(); // the child stops its server and exits
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    awaitTrue(() -> !alive(mysqld), Duration.ofSeconds(60));
  }

  @Test
  void orphanOfAKilledJvmIsReapedByTheNextStart() throws Exception {
    Process child = startChildJvm();
    long mysqld = awaitReadyPid(child);

    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no shutdown hook runs
    assertThat(alive(mysqld)).isTrue();

    MysqlServer.reapOrphans(baseDir);

    awaitTrue(() -> !alive(mysqld), Duration.ofSeconds(60));
  }

  private Process startChildJvm() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dghostflink.test.work.dir=" + baseDir,
                EmbeddedMysqlMain.class.getName(),
                baseDir.toString()))
        .redirectErrorStream(true)
        .start();
  }

  private static long awaitReadyPid(Process child) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher m = READY.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(2));
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("child JVM ended without starting MySQL:\n" + seen);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition within %s", timeout).isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
