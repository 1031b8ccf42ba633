package io.ghostflink.controller.throttle;

import static io.ghostflink.controller.lifecycle.Migrations.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gh-ost's --throttle-http against a real HTTP server: 200 lets the copy go, the rest holds. */
class HttpThrottleTest {
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger heads = new AtomicInteger();
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private HttpServer server;

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          if (exchange.getRequestMethod().equals("HEAD")) {
            heads.incrementAndGet();
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpThrottle.Check check(boolean ignoreErrors) {
    return new HttpThrottle.Check(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health"),
        Duration.ofMillis(20),
        Duration.ofMillis(500),
        ignoreErrors);
  }

  @Test
  void anAnswerOtherThan200HoldsUntil200Again() throws Exception {
    status.set(429);
    try (HttpThrottle h = HttpThrottle.start(check(false))) {
      // the first answer is in before start returns: the first decision already knows it
      assertThat(h.reason())
          .startsWith("throttle-http http://127.0.0.1:")
          .endsWith(" answered 429");
      assertThat(heads.get()).isPositive();
      status.set(200);
      await(() -> h.reason().isEmpty(), "the 200 to release it", TEN_SECONDS);
      status.set(503);
      await(() -> h.reason().endsWith("answered 503"), "the 503 to hold it again", TEN_SECONDS);
    }
  }

  @Test
  void noAnswerHoldsUnlessErrorsAreIgnored() throws Exception {
    HttpThrottle.Check strict = check(false);
    HttpThrottle.Check lenient = check(true);
    server.stop(0);
    try (HttpThrottle h = HttpThrottle.start(strict)) {
      assertThat(h.reason()).contains("did not answer").contains("--ignore-http-errors");
    }
    try (HttpThrottle h = HttpThrottle.start(lenient)) {
      assertThat(h.reason()).isEmpty();
    }
  }

  @Test
  void closingStopsAsking() throws Exception {
    HttpThrottle h = HttpThrottle.start(check(false));
    await(() -> heads.get() >= 3, "a few requests", TEN_SECONDS);
    h.close();
    Thread.sleep(100);
    int after = heads.get();
    Thread.sleep(200);
    assertThat(heads.get()).isEqualTo(after);
  }

  @Test
  void badUrlsAreOneLine() {
    assertThatThrownBy(() -> HttpThrottle.Check.of("app:8080/health"))
        .hasMessageStartingWith("--throttle-http must be an http:// or https:// URL with a host");
    assertThatThrownBy(() -> HttpThrottle.Check.of("http://app:8080/he alth"))
        .hasMessageStartingWith("--throttle-http is not a URL");
    assertThatThrownBy(
            () ->
                new HttpThrottle.Check(
                    URI.create("http://a/"), Duration.ofMillis(5), Duration.ofSeconds(1), false))
        .hasMessage("--throttle-http-interval-millis must be at least 10");
  }
}
