package io.ghostflink.operators.sql;

import static io.ghostflink.operators.sql.Identifiers.quote;

import io.ghostflink.operators.model.TableRef;

/**
 * The changelog table {@code _t_ghc}: one row per hint (heartbeat, state, cut-over sentinel),
 * rewritten in place. The job captures it from the binlog beside the original table, so its rows
 * keep the watermark moving while the original table is idle.
 */
public final class ChangelogSql {
  public static final String HEARTBEAT = "heartbeat";
  public static final String STATE = "state";
  public static final String SENTINEL = "cut-over-sentinel";

  /** An operator's request to the running controller (see {@link #PAUSE}). */
  public static final String COMMAND = "command";

  public static final String PAUSE = "pause";

  private ChangelogSql() {}

  public static String create(TableRef changelog) {
    return "CREATE TABLE "
        + GhostDml.TAG
        + " "
        + quote(changelog)
        + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, hint VARCHAR(64) NOT NULL UNIQUE,"
        + " value VARCHAR(4096), updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
        + " ON UPDATE CURRENT_TIMESTAMP(6)) ENGINE=InnoDB";
  }

  /** Writes one hint's value; parameters: hint, value. */
  public static String write(TableRef changelog) {
    return "INSERT "
        + GhostDml.TAG
        + " INTO "
        + quote(changelog)
        + " (hint, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)";
  }

  /** Reads one hint's value; parameter: hint. */
  public static String read(TableRef changelog) {
    return "SELECT " + GhostDml.TAG + " value FROM " + quote(changelog) + " WHERE hint = ?";
  }
}
