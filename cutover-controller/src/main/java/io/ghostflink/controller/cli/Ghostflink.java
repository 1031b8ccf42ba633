package io.ghostflink.controller.cli;

import io.ghostflink.controller.cutover.OwnershipAmbiguousException;
import io.ghostflink.controller.lifecycle.MigrationFailedException;
import io.ghostflink.controller.lifecycle.MigrationPhase;
import io.ghostflink.controller.lock.MigrationLockHeldException;
import io.ghostflink.controller.preflight.PreflightException;
import io.ghostflink.operators.jdbc.MysqlErrors;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ghostflink} command: its subcommands and the one place errors become exit codes. */
@Command(
    name = "ghostflink",
    mixinStandardHelpOptions = true,
    version = "ghostflink 0.1.0",
    description = "Online schema changes and table moves for MySQL, as an Apache Flink job.",
    subcommands = {
      MigrateCommand.class,
      MoveCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      StatusCommand.class,
      ThrottleCommand.class,
      NoThrottleCommand.class,
      SetCommand.class,
      UnpostponeCommand.class,
      VerifyCommand.class,
      DemoCommand.class
    })
public final class Ghostflink {
  /** The migration finished, or the dry run found nothing wrong. */
  public static final int OK = 0;

  /** The migration stopped before the swap; the original table is intact. */
  public static final int FAILED = 1;

  /** Bad input or a preflight problem; nothing was changed. */
  public static final int BAD_INPUT = 2;

  /** Another migration of the table holds the migration lock. */
  public static final int LOCK_HELD = 3;

  /** The migration lock was lost; aborted before any rename. */
  public static final int ABORTED = 4;

  /** The cut-over's outcome could not be read from the server: a human must look. */
  public static final int AMBIGUOUS = 5;

  /** verify: the new table differs from MySQL's own ALTER of the old one. */
  public static final int DIFFERENT = 6;

  /** The migration is done (the swap happened), but an on-success hook failed. */
  public static final int SUCCESS_HOOK_FAILED = 7;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line; returns the exit code. */
  /** The environment variable naming the configuration file (docs/operations.md). */
  public static final String CONFIG_ENV = "GHOSTFLINK_CONFIG";

  /**
   * The configuration file: {@code $GHOSTFLINK_CONFIG}, else {@code ~/.ghostflink.properties} if it
   * exists; null for none. Its keys are the flags' names without dashes ({@code
   * flink-rest-url=http://jm:8081}); a flag on the command line wins.
   */
  static java.io.File configFile() {
    String named = System.getenv(CONFIG_ENV);
    if (named != null && !named.isBlank()) {
      java.io.File file = new java.io.File(named);
      if (!file.isFile()) {
        throw new IllegalArgumentException(
            CONFIG_ENV + " names " + named + ", which is not a readable file");
      }
      return file;
    }
    java.io.File home = new java.io.File(System.getProperty("user.home"), ".ghostflink.properties");
    return home.isFile() ? home : null;
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    java.io.File config;
    try {
      config = configFile();
    } catch (IllegalArgumentException e) {
      err.println("ghostflink: error: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    return run(args, out, err, config);
  }

  /** {@link #run(String[], PrintWriter, PrintWriter)} with flag defaults from {@code config}. */
  static int run(String[] args, PrintWriter out, PrintWriter err, java.io.File config) {
    List<String> given = java.util.Arrays.asList(args);
    // gh-ost's single-dash spelling too (-debug), before anything logs
    boolean verbose =
        VERBOSE.stream().anyMatch(v -> given.contains(v) || given.contains(v.substring(1)));
    if (System.getProperty("ghostflink.log.file") == null) {
      System.setProperty(
          "ghostflink.log.file",
          Path.of(System.getProperty("user.home"), ".ghostflink", "ghostflink.log").toString());
    }
    System.setProperty("ghostflink.console.level", verbose ? "INFO" : "OFF");
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
      // lets libraries set java.util.logging levels without an error on the console
      System.setProperty(
          "log4j2.julLoggerAdapter", "org.apache.logging.log4j.jul.CoreLoggerAdapter");
    }
    CommandLine cli = new CommandLine(new Ghostflink());
    cli.setOut(out);
    cli.setErr(err);
    if (config != null) {
      // flags' defaults from a properties file, e.g. flink-rest-url=http://jm:8081; flags win
      cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(config));
    }
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (verbose) {
            e.printStackTrace(err);
          }
          err.println("ghostflink: error: " + oneLine(e));
          err.flush();
          return exitCode(e);
        });
    cli.setExecutionStrategy(Ghostflink::withStoredNames);
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          String ghostOst = ghostOstRefusal(e);
          if (ghostOst != null) {
            err.println("ghostflink: error: " + ghostOst);
            err.flush();
            return BAD_INPUT;
          }
          err.println(
              "ghostflink: error: "
                  + e.getMessage()
                  + " (see: ghostflink "
                  + commandName(e.getCommandLine())
                  + " --help)");
          err.flush();
          return BAD_INPUT;
        });
    String[] doubled = SingleDashFlags.doubled(cli, args);
    if (java.util.Arrays.asList(doubled).contains(CHECK_FLAG)) {
      return checkFlags(cli, doubled, err);
    }
    return cli.execute(doubled);
  }

  static final String CHECK_FLAG = "--check-flag";

  /** The flags that log to the console and print stack traces: ours, and gh-ost's names. */
  private static final List<String> VERBOSE = List.of("--verbose", "--debug", "--stack");

  /**
   * gh-ost's {@code --check-flag}: exit code 0 when every flag given exists in the command named
   * (values may be dummies, required flags missing), else one line naming the first unknown flag
   * (or asking for the command when none is named); nothing runs.
   */
  private static int checkFlags(CommandLine cli, String[] args, PrintWriter err) {
    CommandLine command = null;
    for (String arg : args) {
      if (!arg.startsWith("-") && cli.getSubcommands().containsKey(arg)) {
        command = cli.getSubcommands().get(arg);
        break;
      }
    }
    if (command == null) {
      err.println(
          "ghostflink: error: --check-flag checks the flags of a command: name it, e.g."
              + " ghostflink migrate --check-flag --max-load=Threads_running=25");
      err.flush();
      return BAD_INPUT;
    }
    for (String arg : args) {
      if (arg.startsWith("-")) {
        String name = GhostOstFlags.flagName(arg);
        if (!CHECK_FLAG.equals(name) && command.getCommandSpec().findOption(name) == null) {
          String refused = GhostOstFlags.refusal(name);
          err.println(
              "ghostflink: error: "
                  + (refused != null
                      ? refused
                      : "ghostflink " + command.getCommandName() + " has no flag " + name));
          err.flush();
          return BAD_INPUT;
        }
      }
    }
    return OK;
  }

  /** The one line for a gh-ost flag ghostflink refuses among the unknown ones, else null. */
  private static String ghostOstRefusal(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      for (String arg : unmatched.getUnmatched()) {
        String line = GhostOstFlags.refusal(arg);
        if (line != null) {
          return line;
        }
      }
    }
    return null;
  }

  /**
   * Runs the command with its table's names to be taken as the server stores them ({@link
   * TableOptions#storedOn}).
   */
  private static int withStoredNames(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult command = parsed;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    List<Object> mixins = new ArrayList<>();
    mixinsOf(command.commandSpec(), mixins);
    List<TableOptions> tables = ofType(mixins, TableOptions.class);
    List<ConnectionOptions> connections = ofType(mixins, ConnectionOptions.class);
    if (tables.size() == 1 && connections.size() == 1) {
      tables.get(0).storedOn(connections.get(0)::address);
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  // the user objects of spec's mixins, and of theirs (MigrationFlags holds the TableOptions)
  private static void mixinsOf(CommandLine.Model.CommandSpec spec, List<Object> into) {
    for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
      into.add(mixin.userObject());
      mixinsOf(mixin, into);
    }
  }

  private static <T> List<T> ofType(List<Object> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static String commandName(CommandLine c) {
    return c.getCommandName().equals("ghostflink") ? "" : c.getCommandName();
  }

  static int exitCode(Throwable e) {
    if (e instanceof PreflightException || e instanceof IllegalArgumentException) {
      return BAD_INPUT;
    }
    if (e instanceof MigrationLockHeldException) {
      return LOCK_HELD;
    }
    if (e instanceof MigrationFailedException f) {
      return f.phase() == MigrationPhase.ABORTED ? ABORTED : FAILED;
    }
    if (e instanceof OwnershipAmbiguousException) {
      return AMBIGUOUS;
    }
    if (e instanceof SQLException) {
      return BAD_INPUT; // cannot connect, access denied: nothing was started
    }
    return FAILED;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    Throwable tls = tlsFailure(e);
    if (e instanceof SQLException && tls != null) {
      message =
          "MySQL's TLS certificate was not accepted ("
              + firstLine(String.valueOf(tls.getMessage()))
              + "); check --ssl-ca (the authority that signed it) and --ssl-mode (VERIFY_IDENTITY"
              + " also needs the certificate to name --host)";
    } else if (e instanceof SQLException s
        && s.getSQLState() != null
        && s.getSQLState().startsWith("08")) {
      message = "cannot connect to MySQL (" + firstLine(message) + "); check --host and --port";
    } else if (e instanceof SQLException s && s.getErrorCode() == 1045) {
      message =
          "MySQL refused the login ("
              + firstLine(message)
              + "); check --user and --password-file, and --ssl-mode if the account requires TLS"
              + " (--ssl-cert and --ssl-key if it requires a client certificate)";
    } else if (e instanceof SQLException s
        && s.getErrorCode() == MysqlErrors.SECURE_TRANSPORT_REQUIRED) {
      message =
          "MySQL accepts only TLS connections ("
              + firstLine(message)
              + "); add --ssl-mode REQUIRED, or --ssl-ca with the file of the authority that"
              + " signed its certificate (MySQL's own: ca.pem in its data directory)";
    }
    if (isBug(e)) {
      // a message such as "begin 0, end -1, length 5" tells a user nothing: say what it is
      return "an internal error ("
          + e.getClass().getSimpleName()
          + (message == null ? "" : ": " + firstLine(message))
          + "), a bug in ghostflink; run again with --verbose for its stack trace and report it";
    }
    return message == null ? e.getClass().getSimpleName() : firstLine(message);
  }

  /** The deepest certificate or TLS failure in {@code e}'s causes, or null. */
  private static Throwable tlsFailure(Throwable e) {
    Throwable found = null;
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof java.security.GeneralSecurityException
          || c instanceof javax.net.ssl.SSLException) {
        found = c;
      }
    }
    return found;
  }

  // exceptions that only a mistake in ghostflink's own code throws, never a check of the input
  private static boolean isBug(Throwable e) {
    return e instanceof NullPointerException
        || e instanceof IndexOutOfBoundsException
        || e instanceof ClassCastException
        || e instanceof ArithmeticException
        || e instanceof java.util.ConcurrentModificationException;
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse(s);
  }
}
