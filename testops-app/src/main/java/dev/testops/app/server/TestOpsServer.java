package dev.testops.app.server;

import dev.testops.app.AppDefaults;
import dev.testops.core.TestOps;
import dev.testops.core.TestOpsException;
import dev.testops.core.TestOpsVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A running TestOps server: the SQLite history store under the home, the run queue executing queued
 * runs, and the HTTP edge. {@link #start} is the one entry point; {@link #close} stops it.
 * Listening beyond loopback requires at least one API token.
 */
public final class TestOpsServer implements AutoCloseable {
  /**
   * How much of a refused request body is still read, so the client sees the 413 rather than a
   * reset; beyond it the connection is closed after the answer.
   */
  static final int MAX_SWALLOW_BYTES = 32 * 1024 * 1024;

  private final TestOps testops;
  private final EventStreams streams;
  private final ConfigurableApplicationContext context;
  private final String bind;
  private final int port;
  private final boolean tokensRequired;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  private TestOpsServer(
      TestOps testops,
      EventStreams streams,
      ConfigurableApplicationContext context,
      String bind,
      boolean tokensRequired) {
    this.testops = testops;
    this.streams = streams;
    this.context = context;
    this.bind = bind;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.tokensRequired = tokensRequired;
  }

  /**
   * Opens the store (creating and migrating it), recovers runs a previous process left running,
   * starts the run queue and serves HTTP.
   *
   * @throws TestOpsException.InvalidInput when the address is not loopback and no token exists,
   *     when it cannot be resolved, when the port is taken, or when {@code SIM_SEED} is set but not
   *     an integer
   * @throws TestOpsException.StorageFailure when the store cannot be opened
   */
  public static TestOpsServer start(ServerConfig config) {
    InetAddress address = address(config.bind());
    TestOps testops =
        TestOps.create(
            AppDefaults.config()
                .andThen(
                    cfg ->
                        cfg.home(config.home())
                            .clock(config.clock())
                            .entropy(config.entropy())
                            .nanoTime(config.nanoTime())
                            .environment(config.environment())
                            .threads(config.threads())));
    EventStreams streams = null;
    try {
      if (!address.isLoopbackAddress() && !testops.store().hasTokens()) {
        throw new TestOpsException.InvalidInput(
            "listening on "
                + config.bind()
                + " (not loopback) requires API tokens; create one first: testops token create"
                + " --role operator");
      }
      var reports = testops.reports();
      var service = testops.runs();
      testops.startQueue(config.concurrency());
      streams =
          new EventStreams(
              service,
              config.clock(),
              config.nanoTime(),
              new EventStreams.Settings(
                  config.maxStreams(),
                  config.streamBuffer(),
                  config.heartbeat(),
                  config.streamEndGrace()));
      var bodies = new Bodies(config.maxBodyBytes());
      var table =
          Routes.table(
              new RunHandlers(service, bodies, streams),
              new LoadHandlers(service, bodies),
              new LegacyHandlers(
                  service, bodies, new Interlock(config.clock(), config.unlockWindow()), streams),
              new OpsHandlers(service, bodies, streams, config.concurrency()),
              new ReportHandlers(service, reports),
              new ArtifactHandlers(service),
              new DashboardHandlers(),
              new OpenApi(TestOpsVersion.get()));
      var auth = new Auth(testops.store(), address.isLoopbackAddress());
      var context = web(config, Routes.router(table, auth));
      return new TestOpsServer(testops, streams, context, config.bind(), auth.required());
    } catch (RuntimeException e) {
      if (streams != null) {
        streams.close();
      }
      testops.close();
      throw e;
    }
  }

  /**
   * Ends every open event stream server side, as a network drop would; clients reconnect and resume
   * from their last event id.
   *
   * @return how many streams were open
   */
  int dropEventStreams() {
    return streams.dropAll();
  }

  /** Starts Spring MVC on Tomcat with the router; TestOps settings win over any Spring config. */
  private static ConfigurableApplicationContext web(
      ServerConfig config, RouterFunction<ServerResponse> router) {
    var app = new SpringApplication(WebApp.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    app.setRegisterShutdownHook(false);
    // Overridable (e.g. LOGGING_LEVEL_ROOT=info): how chatty the server log is.
    app.setDefaultProperties(
        Map.of(
            "logging.level.root", "warn",
            "logging.level.dev.testops", "info",
            // Startup failures (e.g. a port in use) are reported in one line by the caller.
            "logging.level.org.springframework.boot.diagnostics", "off",
            "logging.level.org.springframework.boot.web.server.servlet.context", "error"));
    var environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "testops",
                Map.of(
                    "server.address",
                    config.bind(),
                    "server.port",
                    config.port(),
                    "server.shutdown",
                    "immediate",
                    // Event streams stay open as long as the run needs (no async timeout).
                    "spring.mvc.async.request-timeout",
                    "-1",
                    "spring.threads.virtual.enabled",
                    true,
                    // The dashboard's first load and the reports go out gzipped; event streams
                    // (text/event-stream) are not on the list, so they flush event by event.
                    "server.compression.enabled",
                    true,
                    "server.compression.mime-types",
                    "text/html,text/css,text/javascript,application/json,image/svg+xml",
                    // The server is configured by its options, never by a stray
                    // application.properties in the working directory or config/.
                    "spring.config.location",
                    "optional:classpath:/dev/testops/app/server/none/")));
    app.setEnvironment(environment);
    app.addInitializers(
        context -> {
          context.getBeanFactory().registerSingleton("testopsRoutes", router);
          // Errors are rendered by the routes as problem+json, not by Boot's error controller.
          context.getBeanFactory().registerSingleton("testopsErrors", new ErrorController() {});
          // Tomcat ends an async request after 30 s by default; the streaming response used for
          // SSE does not take Spring's async timeout, so the connector's default is lifted here.
          WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> noAsyncTimeout =
              factory ->
                  factory.addConnectorCustomizers(connector -> connector.setAsyncTimeout(-1));
          context.getBeanFactory().registerSingleton("testopsNoAsyncTimeout", noAsyncTimeout);
          // Requests Tomcat refuses before the routes (an encoded '/', a NUL, a bad request line)
          // get problem+json too; and an oversized body is read to its end (up to the bound) after
          // the 413, so the client reads the answer instead of a connection reset.
          WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> containerErrors =
              factory -> {
                factory.addContextCustomizers(
                    tomcatContext ->
                        ((StandardHost) tomcatContext.getParent())
                            .setErrorReportValveClass(ProblemReportValve.class.getName()));
                factory.addConnectorCustomizers(
                    connector -> {
                      if (connector.getProtocolHandler()
                          instanceof AbstractHttp11Protocol<?> http) {
                        http.setMaxSwallowSize(MAX_SWALLOW_BYTES);
                      }
                    });
              };
          context.getBeanFactory().registerSingleton("testopsContainerErrors", containerErrors);
        });
    try {
      return app.run();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof PortInUseException) {
          throw new TestOpsException.InvalidInput(
              "port "
                  + config.port()
                  + " on "
                  + config.bind()
                  + " is in use; choose another with --port");
        }
      }
      throw new TestOpsException("cannot start the HTTP server: " + e.getMessage(), e);
    }
  }

  private static InetAddress address(String bind) {
    try {
      return InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new TestOpsException.InvalidInput("cannot resolve the address to listen on: " + bind);
    }
  }

  /** The port it listens on (the real one when started with port 0). */
  public int port() {
    return port;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8000}. */
  public String url() {
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    return "http://" + host + ":" + port;
  }

  /** Whether requests need an API token (decided at start; tokens created later switch it on). */
  public boolean tokensRequired() {
    return tokensRequired;
  }

  /** Blocks until {@link #close} has finished (the {@code serve} command waits here). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops it: ends the event streams, stops HTTP, stops taking runs and closes the store. A run in
   * progress is left as it is and recovered as {@code interrupted} at the next start. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      streams.close();
      context.close();
    } finally {
      testops.close();
      closed.countDown();
    }
  }
}
