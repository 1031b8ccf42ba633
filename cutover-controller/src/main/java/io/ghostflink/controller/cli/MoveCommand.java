package io.ghostflink.controller.cli;

import io.ghostflink.controller.cutover.CutoverHook;
import io.ghostflink.controller.lifecycle.MigrationController;
import io.ghostflink.controller.lifecycle.MigrationOptions;
import io.ghostflink.controller.lifecycle.MigrationPlan;
import io.ghostflink.controller.lifecycle.MoveTarget;
import io.ghostflink.controller.metrics.ControllerMetrics;
import io.ghostflink.operators.jdbc.ServerAddress;
import io.ghostflink.operators.jdbc.Tls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ghostflink move}: a live table to another MySQL server, with the cooperative cut-over of
 * docs/move-tables.md. The source flags are migrate's ({@code --source-host} is {@code --host}).
 */
@Command(
    name = "move",
    mixinStandardHelpOptions = true,
    description =
        "Move a live table to another MySQL server. Without --execute: preflight and the plan"
            + " only.")
public final class MoveCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin MigrationFlags flags;

  @Option(names = "--target-host", required = true, description = "the target MySQL host")
  String targetHost;

  @Option(
      names = "--target-port",
      defaultValue = "3306",
      description = "the target's port (default: ${DEFAULT-VALUE})")
  int targetPort;

  @Option(names = "--target-user", description = "the target's MySQL user (default: --user)")
  String targetUser;

  @Option(
      names = "--target-password-file",
      description = "file whose first line is the target's password (default: --password-file)")
  Path targetPasswordFile;

  @Option(
      names = "--target-ssl-mode",
      paramLabel = "MODE",
      description =
          "TLS to the target, as --ssl-mode (default: the source's TLS flags, unless a --target-ssl"
              + " flag is given)")
  String targetSslMode;

  @Option(
      names = "--target-ssl-ca",
      paramLabel = "FILE",
      description = "as --ssl-ca, for the target")
  Path targetSslCa;

  @Option(
      names = "--target-ssl-cert",
      paramLabel = "FILE",
      description = "as --ssl-cert, for the target")
  Path targetSslCert;

  @Option(
      names = "--target-ssl-key",
      paramLabel = "FILE",
      description = "as --ssl-key, for the target")
  Path targetSslKey;

  @Option(
      names = "--target-database",
      description = "the database on the target (default: --database; created if missing)")
  String targetDatabase;

  @Option(
      names = "--drain-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "how long the cut-over waits, with writes to the table refused, for the job to apply the"
              + " source's last transactions before it renames the table back and retries"
              + " (default: ${DEFAULT-VALUE})")
  Duration drainTimeout;

  @Option(
      names = "--source-replica-host",
      paramLabel = "HOST[:PORT]",
      description =
          "read the rows and the binlog from this replica of the source (it needs"
              + " log_replica_updates; the source's user and password), as gh-ost prefers; only"
              + " the rename, the drain read and the changelog go to the source")
  String sourceReplicaHost;

  @Option(names = "--execute", description = "really move (default: dry run)")
  boolean execute;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    MigrationOptions options = flags.options(connection, "", execute, target());
    try (ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr());
        ControllerMetrics metrics = flags.metrics(execute, progress)) {
      MigrationController controller =
          new MigrationController(options, metrics != null ? metrics : progress, CutoverHook.NONE);
      if (!execute) {
        MigrationPlan plan = controller.plan();
        out.print(plan.describe());
        out.println("Dry run: nothing was changed. Add --execute to move.");
        return Ghostflink.OK;
      }
      return MigrateCommand.finish(
          out, spec.commandLine().getErr(), progress, metrics, options, controller, false);
    }
  }

  /**
   * The target's TLS: the source's, unless a {@code --target-ssl-…} flag is given (a move between
   * networks, from a server inside one to a cloud's that requires TLS with its own authority); then
   * the target's flags alone, with --ssl-mode's defaults.
   */
  private Tls targetTls(ServerAddress source) {
    if (targetSslMode == null
        && targetSslCa == null
        && targetSslCert == null
        && targetSslKey == null) {
      return source.tls();
    }
    try {
      return ConnectionOptions.tls(targetSslMode, targetSslCa, targetSslCert, targetSslKey);
    } catch (IllegalArgumentException e) {
      // the same checks as the source's, said with the target's flags
      throw new IllegalArgumentException(e.getMessage().replace("--ssl-", "--target-ssl-"), e);
    }
  }

  private MoveTarget target() throws java.sql.SQLException {
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException(
          "--target-port " + targetPort + " is not a TCP port (1-65535)");
    }
    ServerAddress source = connection.address();
    String password =
        targetPasswordFile == null
            ? source.password()
            : ConnectionOptions.password(targetPasswordFile, "--target-password-file");
    return new MoveTarget(
        new ServerAddress(
                targetHost, targetPort, targetUser != null ? targetUser : source.user(), password)
            .withTls(targetTls(source)),
        targetDatabase != null ? targetDatabase : flags.table().database(),
        drainTimeout,
        sourceReplicaHost == null
            ? null
            : ConnectionOptions.hostPort(sourceReplicaHost, source, "--source-replica-host"),
        flags.target.moreTables());
  }
}
