package io.ghostflink.controller.hooks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The operator's hooks (docs/operations.md, "Hooks").
 *
 * @param path {@code --hooks-path}: the directory of the hook executables, or null for none
 * @param hint {@code --hooks-hint}: passed to every hook as {@code GH_OST_HOOKS_HINT}
 * @param timeout {@code --hooks-timeout}: how long one hook may run before it is killed (and fails)
 * @param statusInterval {@code --hooks-status-interval}: how often the {@code on-status} hooks run
 */
public record HookSettings(Path path, String hint, Duration timeout, Duration statusInterval) {
  /** No hooks. */
  public static final HookSettings NONE =
      new HookSettings(null, "", Duration.ofMinutes(1), Duration.ofMinutes(1));

  public HookSettings {
    hint = hint == null ? "" : hint;
    if (timeout.toMillis() < 1000) {
      throw new IllegalArgumentException("--hooks-timeout must be at least 1s");
    }
    if (statusInterval.toMillis() < 1000) {
      throw new IllegalArgumentException("--hooks-status-interval must be at least 1s");
    }
  }
}
