package io.ghostflink.controller.preflight;

import io.ghostflink.operators.model.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tables a previous migration of this table left behind. The ghost, changelog and progress tables
 * are dropped when the operator says so; the old table {@code _t_del} holds a previous original's
 * rows and is only dropped with its own flag. A resumed run that restores its savepoint or
 * checkpoint goes on with the tables it left.
 */
public final class LeftoverTablesCheck implements PreflightCheck {
  private final boolean dropGhost;
  private final boolean dropOld;
  private final boolean resumed;

  public LeftoverTablesCheck(boolean dropGhost, boolean dropOld) {
    this(dropGhost, dropOld, false);
  }

  /**
   * @param resumed a resumed run restores its state: the ghost tables it finds are its own, kept
   */
  public LeftoverTablesCheck(boolean dropGhost, boolean dropOld, boolean resumed) {
    this.dropGhost = dropGhost || resumed;
    this.dropOld = dropOld;
    this.resumed = resumed;
  }

  @Override
  public Optional<String> problem(TableFacts f) {
    TableRef t = f.table();
    List<String> blocking = new ArrayList<>();
    boolean ghostTables = false;
    for (TableRef left : f.leftovers()) {
      boolean isOld = left.equals(t.magic());
      if (isOld ? !dropOld : !dropGhost) {
        blocking.add(left.table());
        ghostTables |= !isOld;
      }
    }
    if (blocking.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "tables "
            + blocking
            + " exist from an earlier migration of "
            + t
            + "; inspect and drop them, or pass "
            + (ghostTables ? "--initially-drop-ghost-table" : "--initially-drop-old-table"));
  }

  @Override
  public Optional<String> note(TableFacts f) {
    if (f.leftovers().isEmpty()) {
      return Optional.empty();
    }
    if (!resumed) {
      return Optional.of("will drop the earlier migration's tables " + f.leftovers());
    }
    // a resume once said it would drop the tables holding the rows it had copied, and kept them
    List<TableRef> kept =
        f.leftovers().stream().filter(left -> !left.equals(f.table().magic())).toList();
    return kept.isEmpty()
        ? Optional.empty()
        : Optional.of("continues with the stopped run's tables " + kept);
  }
}
