package io.ghostflink.testkit;

import io.ghostflink.mysql.MysqlInstance;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one MySQL server per test JVM (stopped when the run ends), and a fresh {@link
 * TestDatabase} per test, dropped when the test passes and kept for inspection when it fails. Test
 * methods and lifecycle methods take {@link MysqlInstance} or {@link TestDatabase} parameters.
 */
public final class MysqlExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MysqlExtension.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MysqlInstance.class
        || (type == TestDatabase.class && context.getTestMethod().isPresent());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    MysqlInstance server = sharedServer(context);
    if (parameter.getParameter().getType() == MysqlInstance.class) {
      return server;
    }
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            TestDatabase.class,
            k -> TestDatabase.create(server, databaseName(context)),
            TestDatabase.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestDatabase db = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
    if (db != null && context.getExecutionException().isEmpty()) {
      db.drop();
    }
  }

  /** The server shared by every test in this JVM, started on first use. */
  public static MysqlInstance sharedServer(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedServer.class,
            k -> new SharedServer(TestMysql.start("shared")),
            SharedServer.class)
        .instance;
  }

  // Database names: the test's class and method, readable in SHOW DATABASES, within 64 characters.
  static String databaseName(ExtensionContext context) {
    String cls = context.getRequiredTestClass().getSimpleName();
    String method = context.getTestMethod().map(m -> m.getName()).orElse("all");
    String raw = (cls + "_" + method).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase();
    String suffix = "_" + DATABASES.incrementAndGet();
    int room = 64 - suffix.length() - 2;
    return "t_" + (raw.length() > room ? raw.substring(0, room) : raw) + suffix;
  }

  private static final class SharedServer implements ExtensionContext.Store.CloseableResource {
    private final MysqlInstance instance;

    SharedServer(MysqlInstance instance) {
      this.instance = instance;
    }

    @Override
    public void close() {
      instance.close();
    }
  }
}
