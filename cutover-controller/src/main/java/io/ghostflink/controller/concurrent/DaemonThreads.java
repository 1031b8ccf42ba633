package io.ghostflink.controller.concurrent;

import java.util.concurrent.ThreadFactory;

/** Threads of the controller's background work: named, and never keeping the JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads called {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
