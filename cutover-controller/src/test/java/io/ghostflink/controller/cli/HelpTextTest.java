package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders as written: picocli reads descriptions as format strings. */
class HelpTextTest {
  @Test
  void everyCommandsHelpRendersWithoutAWarning() {
    List<CommandLine> commands = new ArrayList<>();
    CommandLine root = new CommandLine(new Ghostflink());
    commands.add(root);
    commands.addAll(root.getSubcommands().values());
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> usages = new ArrayList<>();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      commands.forEach(c -> usages.add(c.getUsageMessage(CommandLine.Help.Ansi.OFF)));
    } finally {
      System.setErr(err);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(usages).hasSize(commands.size()).allMatch(u -> u.startsWith("Usage: ghostflink"));
    assertThat(String.join("\n", usages)).contains("10-16%");
  }
}
