package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags' defaults from a configuration file ($GHOSTFLINK_CONFIG, ~/.ghostflink.properties). */
class ConfigFileTest {
  private static final String[] MIGRATE = {
    "migrate",
    "--host",
    "127.0.0.1",
    "--port",
    "1",
    "--user",
    "u",
    "--database",
    "d",
    "--table",
    "t",
    "--alter",
    "ADD COLUMN x INT"
  };

  private static String run(Path config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Ghostflink.run(
            args, new PrintWriter(out, true), new PrintWriter(err, true), config.toFile());
    return code + " " + err.toString().strip();
  }

  @Test
  void aFlagsDefaultComesFromTheFileAndTheCommandLineWins(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("ghostflink.properties"),
            "# the cluster every migration runs on\nflink-rest-url=ftp://jm:8081\n");
    // the file's value is used: refused, in one line, before anything connects
    assertThat(run(config, MIGRATE))
        .isEqualTo(
            "2 ghostflink: error: --flink-rest-url must be http://host:port of the JobManager's"
                + " REST endpoint, not ftp://jm:8081");
    Files.writeString(config, "parallelism=0\n");
    assertThat(run(config, MIGRATE))
        .isEqualTo("2 ghostflink: error: --parallelism must be between 1 and 64");
    String[] overridden = java.util.Arrays.copyOf(MIGRATE, MIGRATE.length + 2);
    overridden[MIGRATE.length] = "--parallelism";
    overridden[MIGRATE.length + 1] = "2";
    assertThat(run(config, overridden))
        .as("the command line's --parallelism wins over the file's (then no server answers)")
        .doesNotContain("--parallelism")
        .isEqualTo(
            "2 ghostflink: error: cannot connect to MySQL (Communications link failure); check"
                + " --host and --port");
  }
}
