package io.ghostflink.controller.preflight;

import io.ghostflink.operators.model.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tables a previous migration of this table left behind. The ghost, changelog and progress tables
 * are dropped when the operator says so; the old table {@code _t_del} holds a previous original's
 * rows and is only dropped with its own flag.
 */
public final class LeftoverTablesCheck implements PreflightCheck {
  private final boolean dropGhost;
  private final boolean dropOld;

  public LeftoverTablesCheck(boolean dropGhost, boolean dropOld) {
    this.dropGhost = dropGhost;
    this.dropOld = dropOld;
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
    return f.leftovers().isEmpty()
        ? Optional.empty()
        : Optional.of("will drop the earlier migration's tables " + f.leftovers());
  }
}
