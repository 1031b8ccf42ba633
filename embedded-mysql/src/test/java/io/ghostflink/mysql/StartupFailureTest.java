package io.ghostflink.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupFailureTest {

  @Test
  void missingSharedLibraryNamesTheAptCommand() {
    String output =
        "/x/bin/mysqld: error while loading shared libraries: libaio.so.1: cannot open shared"
            + " object file: No such file or directory\n";

    String line = StartupFailure.explain("start", 3306, output, "");

    assertThat(line)
        .isEqualTo(
            "MySQL cannot start: the shared library libaio.so.1 is missing; install it with:"
                + " apt-get install -y libaio1 libnuma1");
  }

  @Test
  void unknownMissingLibraryAsksForItsPackage() {
    String output = "mysqld: error while loading shared libraries: libfoo.so.3: cannot open";

    assertThat(StartupFailure.explain("start", 1, output, ""))
        .isEqualTo(
            "MySQL cannot start: the shared library libfoo.so.3 is missing; install the package"
                + " that provides it");
  }

  @Test
  void busyPortSaysWhichPortAndWhatToDo() {
    String log =
        "2026-11-23T10:22:53.811530Z 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on"
            + " TCP/IP port: Address already in use\n"
            + "2026-11-23T10:22:53.811538Z 0 [ERROR] [MY-010257] [Server] Do you already have"
            + " another mysqld server running on port: 33771 ?\n";

    assertThat(StartupFailure.explain("start", 33771, "", log))
        .isEqualTo(
            "MySQL cannot start: port 33771 on 127.0.0.1 is in use; choose another port or pass 0"
                + " to pick a free one");
  }

  @Test
  void otherwiseTheFirstErrorLineOfTheLogWithoutItsPrefix() {
    String log =
        "2026-11-23T10:22:39Z 0 [System] [MY-013576] [InnoDB] InnoDB initialization has started.\n"
            + "2026-11-23T10:22:39Z 0 [ERROR] [MY-010457] [Server] --initialize specified but the"
            + " data directory has files in it. Aborting.\n"
            + "2026-11-23T10:22:39Z 0 [ERROR] [MY-010119] [Server] Aborting\n";

    assertThat(StartupFailure.explain("initialise its data directory /d", 0, "", log))
        .isEqualTo(
            "MySQL cannot initialise its data directory /d: --initialize specified but the data"
                + " directory has files in it. Aborting.");
  }

  @Test
  void withoutAnErrorLineTheLastOutputLine() {
    assertThat(StartupFailure.explain("start", 1, "first\nSegmentation fault\n", ""))
        .isEqualTo("MySQL cannot start: Segmentation fault");
    assertThat(StartupFailure.explain("start", 1, "", ""))
        .isEqualTo("MySQL cannot start (it printed nothing)");
  }
}
