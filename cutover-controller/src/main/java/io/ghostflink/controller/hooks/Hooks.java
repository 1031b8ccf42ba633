package io.ghostflink.controller.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gh-ost's hooks ({@code doc/hooks.md}): executables in {@code --hooks-path} run at points of a
 * migration, one after the other, with the migration's context in {@code GH_OST_*} environment
 * variables, so that existing hook scripts work unchanged. A hook for event {@code on-startup} is
 * any executable file whose name starts with {@code gh-ost-on-startup} or {@code
 * ghostflink-on-startup}, run in name order. Its output goes to the log. A hook that exits non-zero
 * or outlives {@code --hooks-timeout} has failed; what that does depends on the event ({@link
 * Event#aborts}).
 */
public final class Hooks {
  private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);

  /** The points of a migration that run hooks, named as gh-ost names them. */
  public enum Event {
    STARTUP("on-startup", true),
    VALIDATED("on-validated", true),
    ROWCOUNT_COMPLETE("on-rowcount-complete", true),
    BEFORE_ROW_COPY("on-before-row-copy", true),
    ROW_COPY_COMPLETE("on-row-copy-complete", true),
    BEGIN_POSTPONED("on-begin-postponed", true),
    BEFORE_CUT_OVER("on-before-cut-over", true),
    SUCCESS("on-success", true),
    FAILURE("on-failure", false),
    STATUS("on-status", false);

    private final String suffix;
    private final boolean aborts;

    Event(String suffix, boolean aborts) {
      this.suffix = suffix;
      this.aborts = aborts;
    }

    /** The gh-ost name of this event's hooks: {@code gh-ost-on-startup}. */
    public String ghostName() {
      return "gh-ost-" + suffix;
    }

    /**
     * Whether a failing hook fails the migration, as in gh-ost: every event but {@code on-failure}
     * and {@code on-status}, whose failures are logged. ({@code on-success} runs after the swap:
     * the swap stands, the command reports the failure.)
     */
    public boolean aborts() {
      return aborts;
    }
  }

  /** A hook that failed. */
  public static final class HookFailedException extends Exception {
    public HookFailedException(String message) {
      super(message);
    }
  }

  /** No hooks: {@code --hooks-path} not given. */
  public static final Hooks NONE = new Hooks(null, Duration.ZERO, Map::of);

  private final Path directory;
  private final Duration timeout;
  private final Supplier<Map<String, String>> context;

  /**
   * @param directory {@code --hooks-path}, or null for none
   * @param timeout how long one hook may run before it is killed and counts as failed
   * @param context the environment every hook gets, read when a hook runs
   */
  public Hooks(Path directory, Duration timeout, Supplier<Map<String, String>> context) {
    this.directory = directory;
    this.timeout = timeout;
    this.context = context;
  }

  /** The hooks of {@code event}, in the order they run. */
  public List<Path> of(Event event) throws IOException {
    if (directory == null) {
      return List.of();
    }
    String ghost = event.ghostName();
    String own = "ghostflink-" + event.suffix;
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return (name.startsWith(ghost) || name.startsWith(own))
                    && Files.isRegularFile(f)
                    && Files.isExecutable(f);
              })
          .sorted()
          .toList();
    }
  }

  /**
   * Runs the hooks of {@code event} with {@code extra} added to the context.
   *
   * @throws HookFailedException a hook of an event that {@link Event#aborts} failed
   */
  public void run(Event event, Map<String, String> extra)
      throws HookFailedException, InterruptedException {
    List<Path> hooks;
    try {
      hooks = of(event);
    } catch (IOException e) {
      fail(event, "the hooks directory " + directory + " cannot be read: " + e.getMessage());
      return;
    }
    for (Path hook : hooks) {
      LOG.info("Running {} hook {}", event.ghostName(), hook);
      String problem = runOne(hook, extra);
      if (problem != null) {
        fail(event, "hook " + hook.getFileName() + " " + problem);
        if (event.aborts()) {
          return; // the next hooks of a failed event do not run, as in gh-ost
        }
      }
    }
  }

  /** {@link #run(Event, Map)} with no extra variables. */
  public void run(Event event) throws HookFailedException, InterruptedException {
    run(event, Map.of());
  }

  private void fail(Event event, String problem) throws HookFailedException {
    if (event.aborts()) {
      throw new HookFailedException(problem);
    }
    LOG.warn("{} (ignored for {} hooks, as gh-ost does)", problem, event.ghostName());
  }

  // null when the hook succeeded, else what went wrong
  private String runOne(Path hook, Map<String, String> extra) throws InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(hook.toAbsolutePath().toString());
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.putAll(context.get());
    env.putAll(extra);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return "could not start: " + e.getMessage();
    }
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> readLines(p.getInputStream(), hook, lines), "hook-output");
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
      reader.join(1000);
      return "did not finish within " + timeout.toSeconds() + " s (--hooks-timeout); killed";
    }
    reader.join(5000);
    int exit = p.exitValue();
    if (exit == 0) {
      return null;
    }
    String last;
    synchronized (lines) {
      last = lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
    }
    return "exited with " + exit + last;
  }

  private static void readLines(InputStream in, Path hook, List<String> lines) {
    try (java.io.BufferedReader r =
        new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        LOG.info("[{}] {}", hook.getFileName(), line);
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      LOG.debug("hook output: {}", e.getMessage());
    }
  }

  /**
   * The variables gh-ost sets for every hook, from a migration's facts.
   *
   * @param elapsedSeconds since the migration started
   * @param copySeconds the row copy's time so far
   */
  public static Map<String, String> environment(
      String database,
      String table,
      String ghostTable,
      String oldTable,
      String ddl,
      double elapsedSeconds,
      double copySeconds,
      long estimatedRows,
      long copiedRows,
      String migratedHost,
      String executingHost,
      String hint,
      boolean dryRun) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GH_OST_DATABASE_NAME", database);
    env.put("GH_OST_TABLE_NAME", table);
    env.put("GH_OST_GHOST_TABLE_NAME", ghostTable);
    env.put("GH_OST_OLD_TABLE_NAME", oldTable);
    env.put("GH_OST_DDL", ddl);
    env.put("GH_OST_ELAPSED_SECONDS", String.format(Locale.ROOT, "%f", elapsedSeconds));
    env.put("GH_OST_ELAPSED_COPY_SECONDS", String.format(Locale.ROOT, "%f", copySeconds));
    env.put("GH_OST_ESTIMATED_ROWS", Long.toString(estimatedRows));
    env.put("GH_OST_COPIED_ROWS", Long.toString(copiedRows));
    env.put("GH_OST_MIGRATED_HOST", migratedHost);
    env.put("GH_OST_INSPECTED_HOST", migratedHost);
    env.put("GH_OST_EXECUTING_HOST", executingHost);
    env.put("GH_OST_HOOKS_HINT", hint);
    env.put("GH_OST_DRY_RUN", Boolean.toString(dryRun));
    return env;
  }
}
