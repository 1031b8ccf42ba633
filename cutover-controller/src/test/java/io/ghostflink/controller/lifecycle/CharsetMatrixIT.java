package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.verify.AlterOracle;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.operators.model.TableRef;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every character set of MySQL 8.0, its values migrated byte for byte as MySQL's own ALTER keeps
 * them: one column per character set, holding characters (every fifth code point of Unicode's basic
 * plane and some beyond it, each where the character set has it) and bytes (every byte of the
 * single-byte sets, every seventh pair of bytes of the multi-byte ones, as far as MySQL takes them,
 * and the bytes Java's tables read otherwise than MySQL's). Each row is copied, then deleted and
 * written again before the cut-over, so that the apply writes it from the binlog; the checksum must
 * find nothing to copy again (its second copy, server-side, hid every mistake of the two paths).
 * Java's tables differ from MySQL's for most of these character sets (euckr for half its
 * characters, armscii8, dec8, geostd8, hp8, keybcs2 and swe7 have none of their own), so values
 * travel as bytes (docs/architecture.md, "Character sets").
 */
@ExtendWith(MysqlExtension.class)
class CharsetMatrixIT {
  /** Single bytes and pairs that Java's tables read otherwise than MySQL's (session 60). */
  private static final List<String> DIVERGENT =
      List.of(
          "98",
          "81",
          "A4",
          "5B",
          "AD",
          "B4",
          "C0",
          "AF",
          "FC",
          "F0",
          "80",
          "A1",
          "FF",
          "815C",
          "815F",
          "8141",
          "A1BD",
          "A1C0",
          "F9D6",
          "ED40",
          "FA5C",
          "A140",
          "A2A1",
          "A892",
          "8EA0",
          "8FB0A1",
          "82359037",
          "8231DC30",
          "FEFF0041",
          "FFFE0041",
          "0000FEFF00000041");

  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void everyCharacterSetsValuesAreMigratedByteForByte(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    List<String> charsets =
        db
            .query(
                "SELECT CHARACTER_SET_NAME FROM information_schema.CHARACTER_SETS"
                    + " WHERE CHARACTER_SET_NAME <> 'binary' ORDER BY 1")
            .stream()
            .map(r -> String.valueOf(r.get(0)))
            .toList();
    assertThat(charsets).as("MySQL 8.0's character sets").hasSize(40);
    db.execute(
        "SET SESSION cte_max_recursion_depth = 100000",
        "CREATE TABLE nums (n INT PRIMARY KEY)",
        "INSERT INTO nums WITH RECURSIVE r (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n"
            + " < 65535) SELECT n FROM r",
        "CREATE TABLE t (id INT PRIMARY KEY, "
            + charsets.stream()
                .map(c -> "v_" + c + " VARCHAR(4) CHARACTER SET " + c)
                .collect(Collectors.joining(", "))
            + ")");
    // characters: a code point where the character set has it (converted there and back)
    db.execute(
        "INSERT INTO t SELECT n, "
            + each(
                charsets,
                c ->
                    "IF(HEX(CONVERT(CONVERT(CHAR(n USING utf32) USING "
                        + c
                        + ") USING utf32)) = HEX(CHAR(n USING utf32)), CONVERT(CHAR(n USING utf32)"
                        + " USING "
                        + c
                        + "), NULL)")
            + " FROM (SELECT n FROM nums WHERE n % 5 = 0 AND n NOT BETWEEN 55296 AND 57343 UNION"
            + " ALL SELECT n + 65536 FROM nums WHERE n % 5 = 1 AND n < 8192 UNION ALL SELECT n +"
            + " 131072 FROM nums WHERE n % 50 = 2) cps");
    // bytes: every byte, every seventh pair from 0x8000 and the divergent ones, each where MySQL
    // takes them in the character set (CONVERT from binary keeps valid bytes, makes others '?';
    // IGNORE: a column refuses some that CONVERT keeps, ascii's 0x80, and then stores what it can)
    String bytes =
        "SELECT n + 1000000 AS id, UNHEX(LPAD(HEX(n), 2, '0')) AS b FROM nums WHERE n < 256 UNION"
            + " ALL SELECT n + 2000000, UNHEX(LPAD(HEX(n), 4, '0')) FROM nums WHERE n >= 32768"
            + " AND n % 7 = 0 UNION ALL "
            + DIVERGENT.stream()
                .map(h -> "SELECT " + (3000000 + DIVERGENT.indexOf(h)) + ", X'" + h + "'")
                .collect(Collectors.joining(" UNION ALL "));
    db.execute(
        "INSERT IGNORE INTO t SELECT id, "
            + each(
                charsets,
                c ->
                    "IF(HEX(CAST(CONVERT(b USING "
                        + c
                        + ") AS BINARY)) = HEX(b), CONVERT(b USING "
                        + c
                        + "), NULL)")
            + " FROM ("
            + bytes
            + ") seq",
        "DELETE FROM t WHERE "
            + charsets.stream()
                .map(c -> "v_" + c + " IS NULL")
                .collect(Collectors.joining(" AND ")),
        "DROP TABLE nums",
        "CREATE TABLE saved AS SELECT * FROM t");
    assertThat((Long) db.scalar("SELECT COUNT(v_sjis) FROM t WHERE HEX(v_sjis) = '815F'"))
        .as("sjis 0x815F, which MySQL reads as U+005C and Java as U+FF3C")
        .isEqualTo(1L);

    migrateRewritingEveryRow(
        db,
        mysql,
        mode,
        "t",
        "ADD COLUMN x INT",
        "DELETE FROM t",
        "INSERT INTO t SELECT * FROM saved");
  }

  /**
   * A primary key over three columns of character sets carried as bytes (sjis, cp1251 and ucs2, in
   * binary collations, so that every value of them is a key of its own): the copy's chunk bounds,
   * the apply's deletes by key and the checksum's ranges compare bytes read in their character set.
   * Keys of bytes MySQL cannot convert to Unicode (cp1251's 0x98) and of two bytes it converts
   * alike (sjis 0x815F and 0x5C) among them.
   */
  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void keysOfCharacterSetsOtherThanUtf8AreFoundByTheirBytes(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    db.execute(
        "SET SESSION cte_max_recursion_depth = 100000",
        "CREATE TABLE t (a VARCHAR(4) CHARACTER SET sjis COLLATE sjis_bin, b VARCHAR(4) CHARACTER"
            + " SET cp1251 COLLATE cp1251_bin, c VARCHAR(4) CHARACTER SET ucs2 COLLATE ucs2_bin, n"
            + " INT NOT NULL, PRIMARY KEY (a, b, c))",
        "INSERT IGNORE INTO t WITH RECURSIVE r (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE"
            + " n < 11999) SELECT CONVERT(IF(n % 3 = 0, X'815F', IF(n % 3 = 1, X'5C', X'815C')) USING"
            + " sjis), CONVERT(UNHEX(LPAD(HEX(n % 256), 2, '0')) USING cp1251),"
            + " CONVERT(UNHEX(LPAD(HEX(n + 12288), 4, '0')) USING ucs2), n FROM r",
        "CREATE TABLE saved AS SELECT * FROM t");
    assertThat((Long) db.scalar("SELECT COUNT(*) FROM t")).isEqualTo(12_000L);
    assertThat((Long) db.scalar("SELECT COUNT(*) FROM t WHERE HEX(b) = '98'"))
        .as("cp1251 0x98, which MySQL converts to '?'")
        .isGreaterThan(40L);
    migrateRewritingEveryRow(
        db,
        mysql,
        mode,
        "t",
        "ADD COLUMN x INT",
        "UPDATE t SET n = n + 1",
        "DELETE FROM t WHERE n % 3 = 0",
        "INSERT INTO t SELECT a, b, c, n + 1 FROM saved WHERE (n + 1) % 3 = 0");
  }

  /**
   * Migrates {@code table} with the cut-over postponed, runs {@code rewrite} once the copy is done
   * (the apply writes its changes from the binlog; the checksum runs when the postponement ends),
   * and checks that the checksum copied nothing again and that the table ends as MySQL's own ALTER
   * of the rows makes it.
   */
  private static void migrateRewritingEveryRow(
      TestDatabase db,
      MysqlInstance mysql,
      CopyMode mode,
      String table,
      String alter,
      String... rewrite)
      throws Exception {
    List<String> messages = new CopyOnWriteArrayList<>();
    Path flag = Files.createTempFile("postpone-charsets", ".flag");
    MigrationController controller =
        new MigrationController(
            Migrations.postponed(db, mysql, table, alter, mode, flag),
            new MigrationListener() {
              @Override
              public void message(String line) {
                messages.add(line);
              }
            },
            CutoverHook.NONE);
    CompletableFuture<MigrationSummary> migration = Migrations.async(controller::execute);
    Migrations.await(
        () -> messages.stream().anyMatch(m -> m.startsWith("cut-over postponed while")),
        "the copy done, the cut-over postponed");
    db.execute(rewrite);
    Files.delete(flag);
    migration.get(300, TimeUnit.SECONDS);

    assertThat(messages)
        .as("the checksum found every range equal: nothing copied again")
        .anyMatch(m -> m.startsWith("checksum: ") && !m.contains("differed"));
    TableRef t = new TableRef(db.name(), table);
    AlterOracle.Report report = AlterOracle.run(address(mysql), t, alter, 5000);
    assertThat(report.matches()).as(report.describe(t)).isTrue();
    assertThat(report.rows()).isEqualTo((Long) db.scalar("SELECT COUNT(*) FROM " + table));
  }

  private static String each(
      List<String> charsets, java.util.function.Function<String, String> value) {
    return charsets.stream().map(value).collect(Collectors.joining(", "));
  }
}
