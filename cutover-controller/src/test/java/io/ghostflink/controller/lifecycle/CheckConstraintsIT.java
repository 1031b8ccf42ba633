package io.ghostflink.controller.lifecycle;

import static io.ghostflink.controller.lifecycle.Migrations.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.mysql.MysqlInstance;
import io.ghostflink.mysql.Workload;
import io.ghostflink.operators.copy.CopyMode;
import io.ghostflink.testkit.MysqlExtension;
import io.ghostflink.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CHECK constraints named in the ALTER. MySQL names CHECK constraints per database, so the ghost
 * table (made with CREATE TABLE … LIKE) has generated names for them, and an ALTER that drops or
 * alters one of the original's by its name was refused: "Check constraint 'amount_positive' is not
 * found in the table" (gh-ost and Spirit refuse it alike). A name that is both a CHECK constraint
 * and a unique key made {@code DROP CONSTRAINT} drop the key, where MySQL refuses the statement.
 */
@ExtendWith(MysqlExtension.class)
class CheckConstraintsIT {
  private static final int ROWS = 5000;

  /** Twelve CHECK constraints: past nine, generated names no longer sort in number order. */
  private static final String TABLE =
      "CREATE TABLE t (id INT PRIMARY KEY, amount INT, qty INT, v INT,"
          + " CONSTRAINT amount_positive CHECK (amount >= 0), CHECK (qty < 1000),"
          + " CONSTRAINT c01 CHECK (v <> 1), CONSTRAINT c02 CHECK (v <> 2),"
          + " CONSTRAINT c03 CHECK (v <> 3), CONSTRAINT c04 CHECK (v <> 4),"
          + " CONSTRAINT c05 CHECK (v <> 5), CONSTRAINT c06 CHECK (v <> 6),"
          + " CONSTRAINT c07 CHECK (v <> 7), CONSTRAINT c08 CHECK (v <> 8),"
          + " CONSTRAINT c09 CHECK (v <> 9), CONSTRAINT c10 CHECK (v <> 10))";

  private static final String ALTER =
      "DROP CHECK amount_positive, ALTER CHECK t_chk_1 NOT ENFORCED, DROP CONSTRAINT c07,"
          + " MODIFY v BIGINT";

  private static void table(TestDatabase db) {
    db.execute(
        TABLE,
        "SET SESSION cte_max_recursion_depth = 100000",
        "INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n"
            + " < "
            + ROWS
            + ") SELECT n, n, n % 1000, 100 + n FROM seq");
  }

  /**
   * The ALTER drops a named constraint, turns one with a generated name off and drops another named
   * one by DROP CONSTRAINT, under writes: the new table is what MySQL's own ALTER makes, and
   * enforces what that ALTER leaves: a negative amount, a large qty and v = 7 are taken, v = 8 is
   * not.
   */
  @ParameterizedTest(name = "--copy {0}")
  @EnumSource(CopyMode.class)
  void anAlterNamingTheOriginalsCheckConstraintsRunsAsMysqlWould(
      CopyMode mode, TestDatabase db, MysqlInstance mysql) throws Exception {
    table(db);
    List<String> writes =
        List.of(
            "UPDATE t SET amount = amount + 1, v = v + 1 WHERE id = {id}",
            "DELETE FROM t WHERE id = {id}",
            "INSERT INTO t VALUES ({id}, 1, 2, 300) ON DUPLICATE KEY UPDATE qty = 999");
    Migrations.migrateUnderWritesAsMysqlWould(
        db,
        mysql,
        options(db, mysql, "t", ALTER, mode),
        ALTER,
        Workload.scripted(db, writes, ROWS, 4, 300, 61),
        100);
    db.execute("INSERT INTO t VALUES (100001, -5, 5000, 7)", "UPDATE t SET v = 7 WHERE id = 2");
    assertThatThrownBy(() -> db.execute("INSERT INTO t VALUES (100002, 1, 1, 8)"))
        .hasMessageContaining("is violated");
  }

  @Test
  void aNameThatIsBothACheckAndAKeyIsRefusedForDropConstraintAsMysqlRefusesIt(
      TestDatabase db, MysqlInstance mysql) {
    db.execute(
        "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, CONSTRAINT same UNIQUE (a),"
            + " CONSTRAINT same CHECK (b > 0))",
        "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2)");

    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(db, mysql, "t", "DROP CONSTRAINT same"),
                        MigrationListener.NONE,
                        CutoverHook.NONE)
                    .execute())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("both a CHECK constraint and a key")
        .hasMessageContaining("DROP CHECK or DROP INDEX");
    assertThat(Migrations.hasTable(db, "_t_gho")).isFalse();
    assertThat(db.query("SHOW CREATE TABLE t").get(0).get(1).toString())
        .contains("UNIQUE KEY `same`")
        .contains("CONSTRAINT `same` CHECK");
  }

  @Test
  void aNewCheckNamedAsOneTheOriginalHoldsIsRefusedAndThePlanNamesTheRenamedOnes(
      TestDatabase db, MysqlInstance mysql) throws Exception {
    table(db);

    assertThatThrownBy(
            () ->
                new MigrationController(
                        options(
                            db,
                            mysql,
                            "t",
                            "DROP CHECK amount_positive, ADD CONSTRAINT amount_positive CHECK"
                                + " (amount > 0)"),
                        MigrationListener.NONE,
                        CutoverHook.NONE)
                    .execute())
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("drop amount_positive first in an ALTER of its own");
    assertThat(Migrations.hasTable(db, "_t_gho")).isFalse();

    MigrationPlan plan =
        new MigrationController(
                options(db, mysql, "t", "ADD COLUMN x INT"),
                MigrationListener.NONE,
                CutoverHook.NONE)
            .plan();
    assertThat(plan.notes())
        .anyMatch(
            n ->
                n.startsWith("CHECK constraints amount_positive, c01")
                    && n.contains("are named t_chk_1, … after the swap"));
  }
}
