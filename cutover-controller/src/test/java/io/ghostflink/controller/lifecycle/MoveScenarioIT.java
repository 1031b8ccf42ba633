package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.moving;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.hooks.HookSettings;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.MysqlServer;
import io.ghostflink.mysql.MysqlServerSpec;
import io.ghostflink.mysql.Workload;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ScenarioIT's tables moved to another server: every scenario whose table ghostflink accepts (every
 * column type, defaults, zero dates, generated and invisible columns, keys of every shape), with
 * its concurrent writes running until the cut-over. After the move the target's table must hold the
 * source's renamed-away rows byte for byte, every column; a JSON document as its text reads back
 * (docs/architecture.md, "Known difference: numbers inside JSON").
 */
@ExtendWith(MysqlExtension.class)
class MoveScenarioIT {
  private static final long MAX_ID = 10_000;
  private static MysqlServer target;

  @BeforeAll
  static void startTarget() {
    target = MysqlServer.start(MysqlServerSpec.named("move-scenarios"));
  }

  @AfterAll
  static void stopTarget() {
    if (target != null) {
      target.close();
    }
  }

  /** The scenarios whose table a migration accepts (no refused.txt); their ALTERs play no part. */
  static Stream<String> scenarios() throws URISyntaxException, IOException {
    Path dir = Path.of(Objects.requireNonNull(ScenarioIT.class.getResource("/scenarios")).toURI());
    String only = System.getProperty("ghostflink.scenarios", ".*");
    try (Stream<Path> folders = Files.list(dir)) {
      return folders
          .filter(p -> !Files.exists(p.resolve("refused.txt")))
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches(only))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioTableMovesByteForByte(String name, TestDatabase db, MysqlInstance source)
      throws Exception {
    Path dir = Path.of(ScenarioIT.class.getResource("/scenarios/" + name).toURI());
    List<String> create = new ArrayList<>();
    create.add("SET SESSION cte_max_recursion_depth = 1000000");
    create.addAll(ScenarioIT.statements(ScenarioIT.read(dir, "create.sql")));
    db.execute(create.toArray(String[]::new));
    List<String> writes =
        ScenarioIT.read(dir, "writes.sql").lines().filter(l -> !l.isBlank()).toList();
    List<String> session =
        ScenarioIT.optional(dir, "session.sql").map(ScenarioIT::statements).orElse(List.of());
    Migrations.freshStateDir(db);
    try (Workload workload =
        Workload.scripted(db, writes, session, MAX_ID, 2, 200, name.hashCode()).refusing(1146)) {
      new MigrationController(
              moving(db, source, "t", target, Duration.ofSeconds(30), HookSettings.NONE),
              MigrationListener.NONE,
              CutoverHook.NONE)
          .execute();
    }
    TestDatabase onTarget = new TestDatabase(target, db.name());
    List<String> columns =
        db
            .query(
                "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA"
                    + " = ? AND TABLE_NAME = '_t_del' ORDER BY ORDINAL_POSITION",
                db.name())
            .stream()
            .map(
                r ->
                    io.ghostflink.operators.sql.VerifySql.comparable(
                        String.valueOf(r.get(0)), String.valueOf(r.get(1))))
            .toList();
    assertThat(rows(onTarget, "t", columns))
        .as("%s: the target's rows against the source's, every column", name)
        .isEqualTo(rows(db, "_t_del", columns));
  }

  /** Every row as the hex bytes of each column expression (N for NULL), sorted. */
  private static List<String> rows(TestDatabase db, String table, List<String> columns) {
    StringJoiner values = new StringJoiner(", ', ', ", "CONCAT(", ")");
    for (String c : columns) {
      values.add("IFNULL(HEX(CAST(" + c + " AS BINARY)), 'N')");
    }
    List<String> rows = new ArrayList<>();
    db.query("SELECT " + values + " FROM `" + table + "`")
        .forEach(r -> rows.add(String.valueOf(r.get(0))));
    rows.sort(null);
    return rows;
  }
}
