package io.ghostflink.controller.throttle;

import io.ghostflink.controller.concurrent.DaemonThreads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * gh-ost's {@code --throttle-http}: a HEAD request to a URL every interval, and any answer but 200
 * holds the copy, as does no answer within the timeout unless errors are ignored. It is how an
 * application tells the copy what only it can see: its own latency or queue, which the server does
 * not see (docs/benchmarks.md, near capacity). The last answer is kept; {@link Throttler} looks at
 * it at every check and publishes a change at once.
 */
public final class HttpThrottle implements AutoCloseable {
  /**
   * The flags: {@code --throttle-http}, {@code --throttle-http-interval-millis}, {@code
   * --throttle-http-timeout-millis}, {@code --ignore-http-errors}.
   */
  public record Check(URI url, Duration interval, Duration timeout, boolean ignoreErrors) {
    public Check {
      String scheme = url.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || url.getHost() == null) {
        throw new IllegalArgumentException(
            "--throttle-http must be an http:// or https:// URL with a host, e.g."
                + " http://app:8080/health; got "
                + url);
      }
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException("--throttle-http-interval-millis must be at least 10");
      }
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("--throttle-http-timeout-millis must be at least 1");
      }
    }

    /** The check of {@code url} at gh-ost's defaults: every 100 ms, a 1 s timeout. */
    public static Check of(String url) {
      return new Check(parse(url), Duration.ofMillis(100), Duration.ofSeconds(1), false);
    }

    /** {@code url} as a URI, or one line on what is wrong with it. */
    public static URI parse(String url) {
      try {
        return new URI(url.strip());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(
            "--throttle-http is not a URL ("
                + e.getReason()
                + "); give e.g. http://app:8080/health");
      }
    }
  }

  private final Check check;
  private final HttpClient client;
  private final HttpRequest request;
  private final ScheduledExecutorService timer;
  private volatile String reason = "";

  private HttpThrottle(Check check) {
    this.check = check;
    this.client = HttpClient.newBuilder().connectTimeout(check.timeout()).build();
    this.request =
        HttpRequest.newBuilder(check.url())
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(check.timeout())
            .build();
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("throttle-http"));
  }

  /** Asks once now, then every interval, until closed. */
  public static HttpThrottle start(Check check) {
    HttpThrottle h = new HttpThrottle(check);
    h.ask();
    h.timer.scheduleWithFixedDelay(
        h::ask, check.interval().toMillis(), check.interval().toMillis(), TimeUnit.MILLISECONDS);
    return h;
  }

  /** Why the last answer holds the copy; empty when it does not. */
  public String reason() {
    return reason;
  }

  private void ask() {
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      reason = status == 200 ? "" : "throttle-http " + check.url() + " answered " + status;
    } catch (IOException e) {
      reason =
          check.ignoreErrors()
              ? ""
              : "throttle-http "
                  + check.url()
                  + " did not answer ("
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                  + "; --ignore-http-errors lets the copy go on)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
