package io.ghostflink.controller.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * gh-ost's single-dash spelling of its flags ({@code -alter="…" -max-load=Threads_running=25
 * -execute}): Go's flag package takes one dash or two, and runbooks use both. An argument in an
 * option's place whose name, with a second dash, is a flag of the command (or one of gh-ost's that
 * ghostflink refuses, to be named as such) gets that dash; anything else, a flag's value among
 * them, is left as given.
 */
final class SingleDashFlags {
  private static final Pattern SINGLE = Pattern.compile("-[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*");

  private SingleDashFlags() {}

  /** {@code args} with each single-dash long flag of the command they name spelt with two. */
  static String[] doubled(CommandLine root, String[] args) {
    String[] out = args.clone();
    CommandLine command = root;
    boolean valueNext = false;
    for (int i = 0; i < out.length; i++) {
      String arg = out[i];
      if (valueNext) {
        valueNext = false;
        continue;
      }
      if (arg.equals("--")) {
        break; // what follows is positional
      }
      if (!arg.startsWith("-")) {
        CommandLine sub = command.getSubcommands().get(arg);
        command = sub != null ? sub : command;
        continue;
      }
      String name = GhostOstFlags.flagName(arg);
      CommandSpec spec = command.getCommandSpec();
      if (SINGLE.matcher(name).matches()
          && name.length() > 2
          && (spec.findOption("-" + name) != null
              || GhostOstFlags.refusal("-" + name) != null
              || Ghostflink.CHECK_FLAG.equals("-" + name))) {
        out[i] = "-" + arg;
        name = "-" + name;
      }
      OptionSpec option = spec.findOption(name);
      valueNext = option != null && option.arity().min() > 0 && !arg.contains("=");
    }
    return out;
  }
}
