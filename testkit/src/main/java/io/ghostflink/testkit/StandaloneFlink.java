package io.ghostflink.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster in JVMs of its own: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and task managers ({@code TaskManagerRunner}), started from
 * the class path of a stock cluster's {@code lib/} (module standalone-flink writes it), since
 * flink-dist is not on Maven Central. Each process logs to its own file in the cluster's directory.
 */
public final class StandaloneFlink implements AutoCloseable {
  /** The system property naming the class path file of module standalone-flink. */
  public static final String CLASSPATH_PROPERTY = "ghostflink.flink.classpath";

  private static final String HOST = "127.0.0.1";
  private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final String classpath;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();
  private final List<Integer> metricsPorts = new ArrayList<>();
  private int started;

  private StandaloneFlink(Path dir, String classpath, int restPort, Process jobManager) {
    this.dir = dir;
    this.classpath = classpath;
    this.restPort = restPort;
    this.jobManager = jobManager;
  }

  /**
   * Starts a JobManager and {@code taskManagers} task managers of {@code slots} slots each, working
   * in {@code dir}, and waits until all have registered.
   */
  public static StandaloneFlink start(Path dir, int taskManagers, int slots) throws IOException {
    String file = System.getProperty(CLASSPATH_PROPERTY);
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalStateException(
          "no Flink class path (system property "
              + CLASSPATH_PROPERTY
              + " = "
              + file
              + "): build module standalone-flink first");
    }
    Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("tmp"));
    int restPort = freePort();
    String conf =
        String.join(
            "\n",
            "jobmanager.rpc.address: " + HOST,
            "jobmanager.rpc.port: " + freePort(),
            "jobmanager.bind-host: " + HOST,
            "jobmanager.memory.process.size: 1024m",
            "rest.address: " + HOST,
            "rest.bind-address: " + HOST,
            "rest.port: " + restPort,
            "taskmanager.bind-host: " + HOST,
            "taskmanager.host: " + HOST,
            "taskmanager.numberOfTaskSlots: " + slots,
            // what Flink's start-up scripts compute and pass a task manager (BashJavaUtils)
            "taskmanager.cpu.cores: " + slots,
            "taskmanager.memory.framework.heap.size: 128m",
            "taskmanager.memory.task.heap.size: 384m",
            "taskmanager.memory.framework.off-heap.size: 128m",
            "taskmanager.memory.task.off-heap.size: 0m",
            "taskmanager.memory.network.min: 64m",
            "taskmanager.memory.network.max: 64m",
            "taskmanager.memory.managed.size: 256m",
            "taskmanager.memory.jvm-metaspace.size: 256m",
            "taskmanager.memory.jvm-overhead.min: 192m",
            "taskmanager.memory.jvm-overhead.max: 192m",
            "io.tmp.dirs: " + dir.resolve("tmp"),
            // Flink's Prometheus reporter; each process gets its port on its command line
            "metrics.reporter.prom.factory.class:"
                + " org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
            // a killed task manager is noticed in seconds, not the default 50
            "heartbeat.interval: 1000",
            "heartbeat.timeout: 5000",
            "");
    Files.writeString(dir.resolve("conf/config.yaml"), conf);
    Files.writeString(
        dir.resolve("conf/log4j.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            ""));
    String classpath = Files.readString(Path.of(file)).strip();
    StandaloneFlink cluster =
        new StandaloneFlink(
            dir,
            classpath,
            restPort,
            launch(
                dir,
                classpath,
                "jobmanager",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "-Xmx512m",
                freePort()));
    try {
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(taskManagers);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The JobManager's REST endpoint. */
  public URI restUrl() {
    return URI.create("http://" + HOST + ":" + restPort);
  }

  /** Starts one more task manager. */
  public void startTaskManager() throws IOException {
    int metrics = freePort();
    taskManagers.add(
        launch(
            dir,
            classpath,
            "taskmanager-" + started++,
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            "-Xmx512m",
            metrics));
    metricsPorts.add(metrics);
  }

  /**
   * What the Prometheus reporters of the live task managers serve now (their text formats, one
   * after the other).
   */
  public String taskManagerMetrics() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < taskManagers.size(); i++) {
      if (!taskManagers.get(i).isAlive()) {
        continue;
      }
      try {
        all.append(get(URI.create("http://" + HOST + ":" + metricsPorts.get(i) + "/metrics")));
      } catch (IOException notUpYet) {
        // a task manager still starting serves nothing yet
      }
    }
    return all.toString();
  }

  /** Kills task manager {@code i} with SIGKILL, as a crashed host would end it. */
  public void killTaskManager(int i) throws InterruptedException {
    taskManagers.get(i).destroyForcibly().waitFor();
  }

  /**
   * Starts task managers until {@code n} of the started ones live, and waits until the JobManager
   * counts exactly those (a killed one is dropped after the heartbeat timeout).
   */
  public void keepTaskManagers(int n) throws IOException {
    while (taskManagers.stream().filter(Process::isAlive).count() < n) {
      startTaskManager();
    }
    awaitTaskManagers(n);
  }

  /** The body of a GET of {@code path} on the REST endpoint, e.g. {@code /jobs/overview}. */
  public String rest(String path) throws IOException {
    return get(restUrl().resolve(path));
  }

  private static String get(URI url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Waits until exactly {@code n} task managers are registered with the JobManager. */
  public void awaitTaskManagers(int n) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    int registered = -1;
    while (System.nanoTime() < deadline) {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException(
            "the Flink JobManager exited with " + jobManager.exitValue() + "; see " + dir);
      }
      registered = registeredTaskManagers();
      if (registered == n) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IllegalStateException(
        registered + " task managers registered, not " + n + ", within 120 s; see " + dir);
  }

  private int registeredTaskManagers() {
    try {
      Matcher m = TASK_MANAGERS.matcher(rest("/overview"));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException notUpYet) {
      return -1;
    }
  }

  private static Process launch(
      Path dir, String classpath, String name, String mainClass, String heap, int metricsPort)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add(heap);
    command.add("-XX:MaxDirectMemorySize=256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(JAVA17_FLAGS);
    command.add("-Dlog.file=" + dir.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri());
    command.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    command.addAll(
        List.of(
            "-cp",
            classpath,
            mainClass,
            "--configDir",
            dir.resolve("conf").toString(),
            "-D",
            "metrics.reporter.prom.port=" + metricsPort));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .start();
  }

  /** What Flink's own scripts pass to a Java 17 JVM. */
  private static final List<String> JAVA17_FLAGS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /** The CPU time the cluster's processes (JobManager and task managers) have used so far. */
  public double cpuSeconds() {
    List<Process> all = new ArrayList<>(taskManagers);
    all.add(jobManager);
    return all.stream()
            .mapToLong(
                p -> p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L))
            .sum()
        / 1000.0;
  }

  /** Kills every process of the cluster. */
  @Override
  public void close() {
    List<Process> all = new ArrayList<>(taskManagers);
    all.add(jobManager);
    for (Process p : all) {
      p.destroyForcibly();
    }
    for (Process p : all) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
