package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import java.util.Locale;

/**
 * What a caller may do. Tokens carry one of {@code viewer}, {@code operator}, {@code maintainer} or
 * {@code security}; routes require one, or {@link #ANYONE} for the few open routes.
 *
 * <pre>
 *   viewer      read runs, events, results, bundles, the API description
 *   operator    viewer + start and cancel runs, unlock legacy testing, compare snapshots
 *   maintainer  operator + golden baselines and decisions (later issues)
 *   security    viewer + PII quarantine (later issues)
 * </pre>
 */
public enum Role {
  /** No token needed (health). Never held by a token. */
  ANYONE,
  /** Reads everything. */
  VIEWER,
  /** Starts and cancels runs. */
  OPERATOR,
  /** Curates baselines and decisions; can do what an operator can. */
  MAINTAINER,
  /** Handles PII quarantine; can do what a viewer can. */
  SECURITY;

  /** Whether a token of this role may use a route that requires {@code needed}. */
  public boolean covers(Role needed) {
    return switch (needed) {
      case ANYONE -> true;
      case VIEWER -> this != ANYONE;
      case OPERATOR -> this == OPERATOR || this == MAINTAINER;
      case MAINTAINER -> this == MAINTAINER;
      case SECURITY -> this == SECURITY;
    };
  }

  /** The name used in tokens and messages, e.g. {@code operator}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the role a token may hold.
   *
   * @throws TestOpsException.InvalidInput naming the accepted roles
   */
  public static Role ofToken(String name) {
    for (Role role : values()) {
      if (role != ANYONE && role.wireName().equals(name)) {
        return role;
      }
    }
    throw new TestOpsException.InvalidInput(
        "unknown role '" + name + "' (viewer, operator, maintainer, security)");
  }
}
