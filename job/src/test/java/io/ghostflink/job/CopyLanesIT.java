package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.PlannerProbe;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where the copy's lanes begin (one key range per reader, so that readers do not fill each other's
 * pages), found by the planner's queries on a real server: along an integer key's first column,
 * signed or not, composite or not, and none for a key MySQL cannot halve without reading it.
 */
@ExtendWith(MysqlExtension.class)
class CopyLanesIT {

  @Test
  void lanesOfAnIntegerKeyBeginAtEvenStepsOfItsValuesAndSplitAtTheMiddleOfWhatIsLeft(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY, v INT)",
        "SET SESSION cte_max_recursion_depth = 10000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < 1000) SELECT n * 2, n FROM seq");
    try (JobHarness harness = JobHarness.prepare(db, mysql, "t", "ADD COLUMN x INT", 2, 100);
        PlannerProbe planner = new PlannerProbe(harness.spec.copy(0))) {
      assertThat(texts(planner.laneStarts(2))).as("ids 2..2000: halfway").containsExactly("1002");
      assertThat(texts(planner.laneStarts(4))).containsExactly("502", "1002", "1500");
      assertThat(text(planner.splitPoint(null, null))).isEqualTo("1002");
      assertThat(text(planner.splitPoint(key("1002"), null)))
          .as("halfway along what is left after 1002")
          .isEqualTo("1502");
      assertThat(planner.splitPoint(key("1002"), key("1004")))
          .as("a split at the lane's last key would leave the new lane nothing")
          .isEmpty();
      assertThat(text(planner.nextUpperBound(key("1002"), key("1100"), 10)))
          .as("ten rows after 1002")
          .isEqualTo("1022");
      assertThat(planner.nextUpperBound(key("1002"), key("1010"), 10))
          .as("fewer rows than a chunk before the lane's end: the chunk ends there")
          .isEmpty();
    }
  }

  @Test
  void signedAndUnsignedExtremesAndCompositeKeysSplitOnTheirFirstColumn(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "CREATE TABLE s (id BIGINT NOT NULL PRIMARY KEY)",
        "INSERT INTO s VALUES (-9223372036854775808), (-5), (0), (7), (9223372036854775807)",
        "CREATE TABLE u (id BIGINT UNSIGNED NOT NULL PRIMARY KEY)",
        "INSERT INTO u VALUES (0), (18446744073709551000), (18446744073709551615)",
        "CREATE TABLE c (tenant INT NOT NULL, name VARCHAR(20) NOT NULL, PRIMARY KEY (tenant,"
            + " name))",
        "INSERT INTO c VALUES (1, 'a'), (1, 'b'), (50, 'x'), (50, 'y'), (100, 'z')");
    try (JobHarness harness = JobHarness.prepare(db, mysql, "s", "ADD COLUMN x INT", 2, 100);
        PlannerProbe planner = new PlannerProbe(harness.spec.copy(0))) {
      assertThat(texts(planner.laneStarts(2)))
          .as("the middle of the whole range")
          .containsExactly("0");
    }
    try (JobHarness harness = JobHarness.prepare(db, mysql, "u", "ADD COLUMN x INT", 2, 100);
        PlannerProbe planner = new PlannerProbe(harness.spec.copy(0))) {
      assertThat(texts(planner.laneStarts(2))).containsExactly("18446744073709551000");
    }
    try (JobHarness harness = JobHarness.prepare(db, mysql, "c", "ADD COLUMN x INT", 2, 100);
        PlannerProbe planner = new PlannerProbe(harness.spec.copy(0))) {
      assertThat(planner.laneStarts(2))
          .as("the first key whose tenant is at least 50")
          .singleElement()
          .satisfies(k -> assertThat(texts(k)).containsExactly("50", "x"));
      assertThat(planner.splitPoint(key("50", "x"), null))
          .as("halfway from tenant 50 to 100")
          .hasValueSatisfying(k -> assertThat(texts(k)).containsExactly("100", "z"));
    }
  }

  @Test
  void aKeyThatIsNotAnIntegerIsCopiedInOneLane(TestDatabase db, MysqlInstance mysql)
      throws Exception {
    db.execute(
        "CREATE TABLE w (name VARCHAR(20) NOT NULL PRIMARY KEY)",
        "INSERT INTO w VALUES ('a'), ('m'), ('z')");
    try (JobHarness harness = JobHarness.prepare(db, mysql, "w", "ADD COLUMN x INT", 2, 100);
        PlannerProbe planner = new PlannerProbe(harness.spec.copy(0))) {
      assertThat(planner.laneStarts(2)).isEmpty();
      assertThat(planner.splitPoint(null, null)).isEmpty();
    }
  }

  private static byte[][] key(String... values) {
    return Arrays.stream(values)
        .map(v -> v.getBytes(StandardCharsets.US_ASCII))
        .toArray(byte[][]::new);
  }

  private static List<String> texts(byte[][] key) {
    return Arrays.stream(key).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
  }

  private static List<String> texts(List<byte[][]> keys) {
    return keys.stream().map(k -> String.join(",", texts(k))).toList();
  }

  private static String text(Optional<byte[][]> key) {
    return key.map(k -> String.join(",", texts(k))).orElse(null);
  }
}
