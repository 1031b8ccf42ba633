package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.assertSameRows;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.MysqlInstance;
import io.ghostflink.testkit.TestDatabase;
import io.ghostflink.testkit.Workload;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One migration per folder of {@code src/test/resources/scenarios}: {@code create.sql} makes and
 * fills {@code t}, {@code alter.sql} is the ALTER clause, {@code writes.sql} the statement
 * templates of the concurrent workload (4 threads, see testkit's Workload), and either {@code
 * expect.sql} (queries that must return 1 after the swap, besides every row being equal) or {@code
 * error.txt} (the migration must be refused with that text and {@code t} left alone).
 */
@ExtendWith(MysqlExtension.class)
class ScenarioIT {
  private static final long MAX_ID = 10_000;

  static Stream<String> scenarios() throws URISyntaxException, IOException {
    Path dir = Path.of(Objects.requireNonNull(ScenarioIT.class.getResource("/scenarios")).toURI());
    try (Stream<Path> folders = Files.list(dir)) {
      return folders.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(String name, TestDatabase db, MysqlInstance mysql) throws Exception {
    Path dir = Path.of(ScenarioIT.class.getResource("/scenarios/" + name).toURI());
    List<String> create = new java.util.ArrayList<>();
    create.add("SET SESSION cte_max_recursion_depth = 1000000");
    for (String statement : read(dir, "create.sql").split(";\\s*\\n")) {
      if (!statement.isBlank()) {
        create.add(statement);
      }
    }
    db.execute(create.toArray(String[]::new)); // one session: the SET applies to the inserts
    String alter = read(dir, "alter.sql").strip();
    List<String> writes = read(dir, "writes.sql").lines().filter(l -> !l.isBlank()).toList();
    MigrationOptions options = options(db, mysql, "t", alter);

    if (Files.exists(dir.resolve("error.txt"))) {
      String error = read(dir, "error.txt").strip();
      long rows = (Long) db.scalar("SELECT COUNT(*) FROM t");
      assertThatThrownBy(
              () ->
                  new MigrationController(options, MigrationListener.NONE, CutoverHook.NONE)
                      .execute())
          .hasMessageContaining(error);
      assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(rows);
      assertThat(db.query("SHOW TABLES")).hasSize(1);
      return;
    }

    MigrationPlan plan =
        new MigrationController(options, MigrationListener.NONE, CutoverHook.NONE).plan();
    try (Workload workload = Workload.scripted(db, writes, MAX_ID, 4, 300, name.hashCode())) {
      new MigrationController(
              options, MigrationListener.NONE, Migrations.beforeFirstCutover(workload::close))
          .execute();
      assertThat(workload.committed()).as("writes during the migration").isGreaterThan(20);
    }
    assertSameRows(db, "t", plan.mapping());
    for (String query : read(dir, "expect.sql").lines().filter(l -> !l.isBlank()).toList()) {
      assertThat(String.valueOf(db.scalar(query))).as(query).isEqualTo("1");
    }
  }

  private static String read(Path dir, String file) throws IOException {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }
}
