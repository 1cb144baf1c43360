package dev.testops.app.server;

import dev.testops.core.run.RunStore;
import java.util.Optional;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Checks a request's bearer token against the route's role. Tokens are required once any exists,
 * and always when the server listens beyond loopback (it refuses to start there without one).
 * Thread-safe.
 */
final class Auth {
  private static final String BEARER = "Bearer ";
  private final RunStore store;
  private final boolean loopback;

  /** Once a token exists it never stops being required (revoked tokens stay stored). */
  private volatile boolean required;

  Auth(RunStore store, boolean loopback) {
    this.store = store;
    this.loopback = loopback;
  }

  /**
   * Lets the request through when it may use a route that needs {@code needed}.
   *
   * @throws HttpProblem 401 without a known token, 403 when its role does not cover {@code needed}
   */
  void require(ServerRequest request, Role needed) {
    if (needed == Role.ANYONE || !required()) {
      return;
    }
    String header = request.headers().firstHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw HttpProblem.unauthorized(
          "this server requires an API token: send 'Authorization: Bearer <token>'"
              + " (create one with: testops token create --role "
              + needed.wireName()
              + ")");
    }
    String secret = header.substring(BEARER.length()).trim();
    Optional<RunStore.Token> token = store.token(Tokens.hash(secret));
    if (token.isEmpty()) {
      throw HttpProblem.unauthorized("unknown API token");
    }
    Role role = Role.ofToken(token.get().role());
    if (!role.covers(needed)) {
      throw HttpProblem.forbidden(
          "role " + role.wireName() + " may not do this; it needs " + needed.wireName());
    }
  }

  /** Whether requests must carry a token. */
  boolean required() {
    if (!required && (!loopback || store.hasTokens())) {
      required = true;
    }
    return required;
  }
}
