package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The job jar ({@code ghostflink-job-VERSION-cluster.jar}) as a stock Flink 1.20 cluster loads it:
 * over the class path of the cluster's lib/ (module standalone-flink), with the job's classes on
 * top. A class it lacks fails quietly on a cluster: a missing Guava class once ended Flink CDC's
 * binlog reader at its start without an error, and the migration waited forever in APPLY.
 */
class ClusterJarIT {
  private static final Path JAR = Path.of(System.getProperty("ghostflink.job.jar"));

  /** The packages the job runs: every class in them must load and initialise. */
  private static final List<String> RUN =
      List.of(
          "io/ghostflink/",
          "io/debezium/connector/mysql/",
          "io/debezium/connector/base/",
          "io/debezium/pipeline/",
          "io/debezium/relational/",
          "org/apache/flink/cdc/connectors/mysql/",
          "com/github/shyiko/mysql/binlog/",
          "com/mysql/cj/jdbc/");

  /** Connector/J's glue for connection pools (c3p0, JBoss) that the job does not use. */
  private static final String OPTIONAL = "com/mysql/cj/jdbc/integration/";

  @Test
  void everyClassTheJobRunsLoadsOnAStockCluster() throws Exception {
    List<URL> lib = new ArrayList<>();
    String classpath =
        Files.readString(Path.of(System.getProperty("ghostflink.flink.classpath"))).strip();
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      lib.add(Path.of(entry).toUri().toURL());
    }
    List<String> failed = new ArrayList<>();
    int loaded = 0;
    try (URLClassLoader cluster =
            new URLClassLoader(lib.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        URLClassLoader job = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, cluster);
        ZipFile zip = new ZipFile(JAR.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        String name = e.getName();
        if (!name.endsWith(".class")
            || RUN.stream().noneMatch(name::startsWith)
            || name.startsWith(OPTIONAL)) {
          continue;
        }
        String type = name.substring(0, name.length() - 6).replace('/', '.');
        try {
          Class.forName(type, true, job);
          loaded++;
        } catch (Throwable t) {
          failed.add(type + ": " + t);
        }
      }
    }
    assertThat(failed).as("classes that do not load over the cluster's lib/").isEmpty();
    assertThat(loaded).as("classes loaded").isGreaterThan(500);
  }

  /** A Debezium class Flink CDC patches and ghostflink replaces (latin1's bytes). */
  private static final String OURS_OVER_CDC =
      "io/debezium/connector/mysql/MySqlConnection$CharsetMappingWrapper.class";

  @Test
  void ghostflinksAndFlinkCdcsDebeziumClassesWinOverDebeziumsOwn() throws Exception {
    Path operators =
        Path.of(
            io.debezium.connector.mysql.RowDeserializers.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      for (String ours :
          List.of(
              "io/debezium/connector/mysql/RowDeserializers.class",
              OURS_OVER_CDC,
              "io/debezium/connector/base/ChangeEventQueue.class",
              "com/github/shyiko/mysql/binlog/event/deserialization/GtidEventDataDeserializer.class")) {
        assertThat(bytes(zip, ours)).as(ours).isEqualTo(built(operators, ours));
      }
      Path cdc =
          Path.of(
              org.apache.flink.cdc.connectors.mysql.source.MySqlSource.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      int patched = 0;
      try (ZipFile cdcJar = new ZipFile(cdc.toFile())) {
        for (ZipEntry e : Collections.list(cdcJar.entries())) {
          if (e.getName().startsWith("io/debezium/")
              && e.getName().endsWith(".class")
              && !e.getName().equals(OURS_OVER_CDC)) {
            assertThat(bytes(zip, e.getName()))
                .as(e.getName())
                .isEqualTo(bytes(cdcJar, e.getName()));
            patched++;
          }
        }
      }
      assertThat(patched).as("Debezium classes Flink CDC patches").isPositive();
    }
  }

  /** A class file of a module: from its classes directory in a reactor build, else its jar. */
  private static byte[] built(Path location, String name) throws java.io.IOException {
    if (Files.isDirectory(location)) {
      return Files.readAllBytes(location.resolve(name));
    }
    try (ZipFile jar = new ZipFile(location.toFile())) {
      return bytes(jar, name);
    }
  }

  private static byte[] bytes(ZipFile zip, String name) throws java.io.IOException {
    ZipEntry e = zip.getEntry(name);
    assertThat(e).as(name + " in " + zip.getName()).isNotNull();
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }
}
