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

  /**
   * Why the copy holds back new chunks, as the controller decided (empty: it does not); the copy's
   * planner reads it.
   */
  public static final String THROTTLE = "throttle";

  /**
   * Why the copy's planner holds new chunks by its own reading of the target (its redo log, other
   * sessions' writes), written by the job (empty: it does not); the controller shows it in the
   * progress line and {@code status}.
   */
  public static final String COPY_HOLD = "copy-hold";

  /**
   * The rest after each chunk that the copy's planner learned from the writers' latency, in
   * multiples of a chunk's time, written by the job (empty: none); {@code status} shows it.
   */
  public static final String COPY_PACE = "copy-pace";

  /**
   * How many readers the copy's planner lets copy beyond {@code --parallelism} while no other
   * session writes, written by the job (empty: none beyond it); {@code status} shows it.
   */
  public static final String COPY_READERS = "copy-readers";

  /**
   * {@code yes} while the copy's planner sees no session but ghostflink's change rows on the server
   * it copies to, written by the job (empty: others write, or it does not know); the controller's
   * commit-latency guard then holds nothing, as the planner's own holds do not: nobody waits on
   * those commits.
   */
  public static final String COPY_ALONE = "copy-alone";

  /**
   * The build of the secondary indexes left out of the copy ({@code --defer-secondary-indexes}),
   * written by the controller when it starts, ends or is stopped; {@code status} shows it.
   */
  public static final String INDEX_BUILD = "index-build";

  /**
   * The prefix of an operator's runtime setting ({@code ghostflink throttle}, {@code set}, the
   * socket): the hint names the setting, the value is the setting's (empty: back to the flag's).
   */
  public static final String CONTROL = "control:";

  /** {@code on} while an operator throttles the copy. */
  public static final String CONTROL_THROTTLE = CONTROL + "throttle";

  /** How chunks are sized from now on: {@code time <ms>} or {@code size <rows>}. */
  public static final String CONTROL_CHUNKING = CONTROL + "chunking";

  public static final String CONTROL_MAX_LOAD = CONTROL + "max-load";
  public static final String CONTROL_CRITICAL_LOAD = CONTROL + "critical-load";
  public static final String CONTROL_MAX_LAG = CONTROL + "max-lag-millis";
  public static final String CONTROL_COMMIT_LATENCY = CONTROL + "max-commit-latency-ratio";
  public static final String CONTROL_CHECKPOINT_AGE = CONTROL + "max-checkpoint-age-ratio";
  public static final String CONTROL_NICE_RATIO = CONTROL + "nice-ratio";
  public static final String CONTROL_CPU = CONTROL + "max-cpu-ratio";

  /**
   * {@code now} once an operator released a postponed cut-over ({@code ghostflink unpostpone}, the
   * socket's {@code unpostpone}): the flag file no longer holds it back in this run.
   */
  public static final String CONTROL_UNPOSTPONE = CONTROL + "unpostpone";

  /**
   * The hint of the copy's marks: {@code copy-mark-<reader>} for a reader's, {@code copy-mark-done}
   * for the copy's end. Values: {@code low|high <run>/<chunk>/<attempt>}, {@code done <run>}; a low
   * mark may add its chunk's bounds, {@code low <token> <lower> <upper>}.
   */
  public static final String COPY_MARK = "copy-mark-";

  /** The hint of the mark written when every chunk of a run is copied. */
  public static final String COPY_DONE_MARK = COPY_MARK + "done";

  /** A fresh token for one attempt to copy {@code chunk} in run {@code run}. */
  public static String copyMarkToken(long run, long chunk) {
    return run + "/" + chunk + "/" + java.util.UUID.randomUUID();
  }

  /** The run of a copy mark's token ({@code <run>/…}). */
  public static long markRun(String token) {
    return Long.parseLong(token.split("/", 2)[0]);
  }

  /** The marked chunk of a low or high mark's token, {@code <run>/<chunk>/<attempt>}. */
  public static long markChunk(String token) {
    return Long.parseLong(token.split("/", 3)[1]);
  }

  /** The table of a copy-done mark's token: {@code <run>} for the first, {@code <run>/<table>}. */
  public static int doneTable(String token) {
    String[] parts = token.split("/", 2);
    return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
  }

  /** A low mark's value. */
  public static String lowMark(String token) {
    return "low " + token;
  }

  /**
   * A low mark's value with its chunk's key range: the texts of {@code CopyFrontier#boundText} (no
   * spaces in them).
   */
  public static String lowMark(String token, String lower, String upper) {
    return lowMark(token) + " " + lower + " " + upper;
  }

  /** A high mark's value. */
  public static String highMark(String token) {
    return "high " + token;
  }

  /**
   * The value of the mark that says run {@code run} copied every chunk of the job's table {@code
   * table}: {@code done <run>} for the first, {@code done <run>/<table>} for the others.
   */
  public static String copyDone(long run, int table) {
    return table == 0 ? copyDone(run) : copyDone(run) + "/" + table;
  }

  /** The mark that says run {@code run} copied every chunk of the job's only (or first) table. */
  public static String copyDone(long run) {
    return "done " + run;
  }

  private ChangelogSql() {}

  public static String create(TableRef changelog) {
    return "CREATE TABLE "
        + GhostDml.TAG
        + " "
        + quote(changelog)
        + " (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, hint VARCHAR(64) NOT NULL UNIQUE,"
        + " value VARCHAR(4096), updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
        + " ON UPDATE CURRENT_TIMESTAMP(6)) ENGINE=InnoDB"
        // not the database's: a latin1 one refused the names of indexes left out of the copy
        + " DEFAULT CHARSET=utf8mb4";
  }

  /** Writes one hint's value; parameters: hint, value. */
  public static String write(TableRef changelog) {
    return "INSERT "
        + GhostDml.TAG
        + " INTO "
        + quote(changelog)
        + " (hint, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)";
  }

  /** Reads every runtime setting: hint, value. */
  public static String readControls(TableRef changelog) {
    return "SELECT "
        + GhostDml.TAG
        + " hint, value FROM "
        + quote(changelog)
        + " WHERE hint IN ('"
        + THROTTLE
        + "', '"
        + CONTROL_THROTTLE
        + "', '"
        + CONTROL_CHUNKING
        + "', '"
        + CONTROL_MAX_LOAD
        + "', '"
        + CONTROL_CRITICAL_LOAD
        + "', '"
        + CONTROL_MAX_LAG
        + "', '"
        + CONTROL_COMMIT_LATENCY
        + "', '"
        + CONTROL_CHECKPOINT_AGE
        + "', '"
        + CONTROL_NICE_RATIO
        + "', '"
        + CONTROL_CPU
        + "', '"
        + COPY_HOLD
        + "', '"
        + COPY_PACE
        + "', '"
        + COPY_ALONE
        + "')";
  }

  /** Reads one hint's value; parameter: hint. */
  public static String read(TableRef changelog) {
    return "SELECT " + GhostDml.TAG + " value FROM " + quote(changelog) + " WHERE hint = ?";
  }
}
