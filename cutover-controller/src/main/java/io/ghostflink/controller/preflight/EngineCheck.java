package io.ghostflink.controller.preflight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table, or a new table, in a storage engine other than InnoDB (MyISAM, MEMORY, ARCHIVE …):
 * refused. ghostflink's copy, apply and cut-over run in transactions, which such an engine does not
 * have, and a GTID server refuses its changes inside them: a MyISAM table was copied and kept
 * current to the end, and then every cut-over attempt failed ("Statement violates GTID consistency:
 * Updates to non-transactional tables …"), ten times, with advice to lengthen the lock timeout.
 */
public final class EngineCheck implements PreflightCheck {
  // SHOW CREATE TABLE's engine, after the closing parenthesis of the column list
  private static final Pattern ENGINE = Pattern.compile("\\)\\s*ENGINE=(\\w+)");

  @Override
  public Optional<String> problem(TableFacts f) {
    if (f.exists() && !f.engine().isEmpty() && !isInnoDb(f.engine())) {
      return Optional.of(
          "table "
              + f.table()
              + " uses the "
              + f.engine()
              + " storage engine; ghostflink migrates InnoDB tables only (its copy, apply and"
              + " cut-over are transactions, which "
              + f.engine()
              + " does not have): convert it with MySQL's own ALTER TABLE … ENGINE=InnoDB,"
              + " which blocks writes while it copies");
    }
    if (f.trialAccepted()) {
      Matcher m = ENGINE.matcher(f.trial().createTable());
      if (m.find() && !isInnoDb(m.group(1))) {
        return Optional.of(
            "the ALTER makes "
                + f.table()
                + " a "
                + m.group(1)
                + " table; ghostflink writes the new table in transactions, which "
                + m.group(1)
                + " does not have: run this ALTER with MySQL's own ALTER TABLE");
      }
    }
    return Optional.empty();
  }

  private static boolean isInnoDb(String engine) {
    return engine.equalsIgnoreCase("InnoDB");
  }
}
