package io.ghostflink.controller.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks in the order an operator would fix their problems, and the one method that runs them.
 */
public final class Preflight {
  private Preflight() {}

  public static List<PreflightCheck> checks(boolean dropGhost, boolean dropOld) {
    return checks(dropGhost, dropOld, false);
  }

  /**
   * The checks of a run that drops the ghost tables it finds ({@code dropGhost}), the old table
   * ({@code dropOld}), or, {@code resumed} from its own state, goes on with its ghost tables.
   */
  public static List<PreflightCheck> checks(boolean dropGhost, boolean dropOld, boolean resumed) {
    return List.of(
        new ReadOnlyCheck(),
        new TableNameCheck(),
        new TableExistsCheck(),
        new BinlogCheck(),
        new GtidModeCheck(),
        new PrivilegesCheck(),
        new TriggersCheck(),
        new EngineCheck(),
        new ForeignKeysCheck(),
        new RowKeyCheck(),
        new AlterRenamesTableCheck(),
        new AlterDataOperationCheck(),
        new AlterValidCheck(),
        new RenamesCheck(),
        new KeyPlanCheck(),
        new UniqueDuplicatesCheck(),
        new LeftoverTablesCheck(dropGhost, dropOld, resumed));
  }

  /**
   * Runs {@code checks} in order.
   *
   * @return the notes for the plan
   * @throws PreflightException with the first problem found
   */
  public static List<String> run(TableFacts facts, List<PreflightCheck> checks)
      throws PreflightException {
    List<String> notes = new ArrayList<>();
    for (PreflightCheck check : checks) {
      Optional<String> problem = check.problem(facts);
      if (problem.isPresent()) {
        throw new PreflightException(problem.get());
      }
      check.note(facts).ifPresent(notes::add);
    }
    return notes;
  }
}
