package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.jdbc.Connections;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One migration per folder of {@code src/test/resources/scenarios} and copy mode, checked against
 * MySQL itself:
 *
 * <ul>
 *   <li>{@code create.sql} makes and fills {@code t} (one session; {@code SET SESSION} applies);
 *   <li>{@code alter.sql} is the ALTER clause;
 *   <li>{@code writes.sql} the statement templates of the concurrent workload (4 threads, see
 *       testkit's Workload), run from the start of the migration until its cut-over;
 *   <li>{@code session.sql} (optional) statements each writer session runs first;
 *   <li>then one of: nothing more (the migration must succeed and the swapped {@code t} must equal,
 *       every column of every row, what MySQL's own ALTER makes of a copy of {@code _t_del}: the
 *       differential oracle); {@code error.txt} (MySQL's own ALTER refuses the rows, so the
 *       migration must fail before its swap with every line of the file in its message (" | "
 *       between alternatives), and {@code t} stay untouched); {@code refused.txt} (ghostflink
 *       refuses the ALTER at preflight by design, see docs/architecture.md, with that text).
 *   <li>{@code expect.sql} (optional) queries that must return 1 after the swap.
 * </ul>
 */
@ExtendWith(MysqlExtension.class)
class ScenarioIT {
  private static final long MAX_ID = 10_000;

  static Stream<Arguments> scenarios() throws URISyntaxException, IOException {
    Path dir = Path.of(Objects.requireNonNull(ScenarioIT.class.getResource("/scenarios")).toURI());
    String only = System.getProperty("ghostflink.scenarios", ".*");
    try (Stream<Path> folders = Files.list(dir)) {
      return folders
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches(only))
          .sorted()
          .toList()
          .stream()
          .flatMap(n -> Stream.of(CopyMode.values()).map(m -> Arguments.of(n, m)));
    }
  }

  @ParameterizedTest(name = "{0}, --copy {1}")
  @MethodSource("scenarios")
  void scenario(String name, CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    Path dir = Path.of(ScenarioIT.class.getResource("/scenarios/" + name).toURI());
    List<String> create = new ArrayList<>();
    create.add("SET SESSION cte_max_recursion_depth = 1000000");
    create.addAll(statements(read(dir, "create.sql")));
    db.execute(create.toArray(String[]::new)); // one session: the SETs apply to the inserts
    String alter = read(dir, "alter.sql").strip();
    List<String> writes = read(dir, "writes.sql").lines().filter(l -> !l.isBlank()).toList();
    List<String> session =
        optional(dir, "session.sql").map(ScenarioIT::statements).orElse(List.of());
    MigrationOptions options = options(db, mysql, "t", alter, mode);
    TableRef t = new TableRef(db.name(), "t");

    Optional<String> refused = optional(dir, "refused.txt");
    if (refused.isPresent()) {
      List<List<Object>> tables = db.query("SHOW TABLES");
      long rows = (Long) db.scalar("SELECT COUNT(*) FROM t");
      Throwable e =
          catchThrowable(
              () ->
                  new MigrationController(options, MigrationListener.NONE, CutoverHook.NONE)
                      .execute());
      assertThat(e).as("ghostflink refuses by design").isNotNull();
      assertThat(e.getMessage()).contains(refused.get().strip());
      assertThat(db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(rows);
      assertThat(db.query("SHOW TABLES")).as("nothing left behind").isEqualTo(tables);
      return;
    }

    Optional<String> error = optional(dir, "error.txt");
    // the checksum repairs a range the copy or apply got wrong by copying it again on the server;
    // that must find nothing to repair, or rows written after it would keep the fault
    List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    MigrationListener listener =
        new MigrationListener() {
          @Override
          public void message(String line) {
            messages.add(line);
          }
        };
    Throwable failure;
    try (Workload workload =
        Workload.scripted(db, writes, session, MAX_ID, 4, 300, name.hashCode())) {
      failure =
          catchThrowable(
              () ->
                  new MigrationController(
                          options, listener, Migrations.beforeFirstCutover(workload::close))
                      .execute());
      if (error.isEmpty() && failure != null) {
        throw new AssertionError("the migration failed: " + failure.getMessage(), failure);
      }
      if (error.isEmpty()) {
        assertThat(workload.committed()).as("writes during the migration").isGreaterThan(20);
      }
    }

    if (error.isPresent()) {
      assertThat(failure).as("the migration must fail before its swap").isNotNull();
      // every line must be in the message; " | " separates alternatives within a line
      for (String line : error.get().lines().filter(l -> !l.isBlank()).toList()) {
        assertThat(List.of(line.split(" \\| ")))
            .as("one of [%s] in: %s", line, failure.getMessage())
            .anyMatch(reason -> failure.getMessage().contains(reason.strip()));
      }
      assertThat(Migrations.hasTable(db, "_t_del")).as("no swap").isFalse();
      // the differential oracle: MySQL's own ALTER refuses these rows too
      try (Connection c =
          Connections.open(Connections.withWriteMode(address(mysql), db.name()), db.name())) {
        assertThat(AlterOracle.alteredCopy(c, t, t.verify(), alter))
            .as("MySQL's own ALTER of the same rows")
            .isNotNull();
      }
      return;
    }

    assertThat(messages)
        .as("the checksum (where the key allows one) found every range equal")
        .anyMatch(m -> m.startsWith("checksum: ") || m.startsWith("checksum skipped: "))
        .noneMatch(m -> m.contains("copied again"));
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, alter, 1000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
    assertThat(report.rows()).isEqualTo((Long) db.scalar("SELECT COUNT(*) FROM t"));
    for (String query :
        optional(dir, "expect.sql").orElse("").lines().filter(l -> !l.isBlank()).toList()) {
      assertThat(String.valueOf(db.scalar(query))).as(query).isEqualTo("1");
    }
  }

  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    for (String statement : sql.split(";\\s*\\n")) {
      if (!statement.isBlank()) {
        out.add(statement.strip().replaceAll(";$", ""));
      }
    }
    return out;
  }

  static String read(Path dir, String file) throws IOException {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }

  static Optional<String> optional(Path dir, String file) throws IOException {
    return Files.exists(dir.resolve(file)) ? Optional.of(read(dir, file)) : Optional.empty();
  }
}
