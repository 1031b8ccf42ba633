package io.ghostflink.controller.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which executables run for an event, in what order, with what, and what a failure does. */
class HooksTest {
  @TempDir Path dir;

  private Path script(String name, String body) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return f;
  }

  private Hooks hooks(Duration timeout) {
    return new Hooks(dir, timeout, () -> Map.of("GH_OST_TABLE_NAME", "t"));
  }

  @Test
  void ghostsNamesAndOurAliasesRunInNameOrderWithTheContext() throws Exception {
    Path log = dir.resolve("log");
    script("gh-ost-on-startup-2", "echo \"2 $GH_OST_TABLE_NAME $EXTRA\" >> " + log);
    script("gh-ost-on-startup", "echo \"1 $GH_OST_TABLE_NAME\" >> " + log);
    script("ghostflink-on-startup", "echo \"3\" >> " + log);
    script("gh-ost-on-success", "echo never >> " + log);
    Path notExecutable = dir.resolve("gh-ost-on-startup-3");
    Files.writeString(notExecutable, "#!/bin/sh\necho never >> " + log + "\n");

    hooks(Duration.ofSeconds(30)).run(Hooks.Event.STARTUP, Map.of("EXTRA", "x"));

    assertThat(Files.readAllLines(log)).containsExactly("1 t", "2 t x", "3");
  }

  @Test
  void aFailingHookOfAnAbortingEventFailsWithItsExitAndLastLineAndStopsTheNextOnes()
      throws Exception {
    Path log = dir.resolve("log");
    script("gh-ost-on-before-cut-over-1", "echo checking; echo 'not now'; exit 3");
    script("gh-ost-on-before-cut-over-2", "echo ran >> " + log);

    assertThatThrownBy(() -> hooks(Duration.ofSeconds(30)).run(Hooks.Event.BEFORE_CUT_OVER))
        .isInstanceOf(Hooks.HookFailedException.class)
        .hasMessage("hook gh-ost-on-before-cut-over-1 exited with 3: not now");
    assertThat(log).doesNotExist();
  }

  @Test
  void statusAndFailureHooksThatFailAreOnlyLogged() throws Exception {
    Path log = dir.resolve("log");
    script("gh-ost-on-status-1", "exit 1");
    script("gh-ost-on-status-2", "echo \"$GH_OST_STATUS\" >> " + log);

    hooks(Duration.ofSeconds(30)).run(Hooks.Event.STATUS, Map.of("GH_OST_STATUS", "COPY: 5%"));

    assertThat(Files.readAllLines(log)).containsExactly("COPY: 5%");
  }

  @Test
  void aHookThatOutlivesTheTimeoutIsKilledAndFails() throws Exception {
    script("gh-ost-on-validated", "sleep 30");

    assertThatThrownBy(() -> hooks(Duration.ofSeconds(1)).run(Hooks.Event.VALIDATED))
        .isInstanceOf(Hooks.HookFailedException.class)
        .hasMessage("hook gh-ost-on-validated did not finish within 1 s (--hooks-timeout); killed");
  }

  @Test
  void noDirectoryRunsNothing() throws Exception {
    assertThat(Hooks.NONE.of(Hooks.Event.SUCCESS)).isEmpty();
  }
}
