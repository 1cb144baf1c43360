package dev.testops.load;

import java.util.Locale;

/** Why a request failed; every failed request is counted under exactly one kind. */
public enum ErrorKind {
  /** The target refused the connection (nothing listens on the port). */
  CONNECT_REFUSED,
  /** Connecting failed otherwise (unreachable, connect timeout, out of descriptors). */
  CONNECT_FAILED,
  /** No answer within the scenario's timeout. */
  TIMEOUT,
  /** The connection closed or broke before the answer. */
  CONNECTION_CLOSED,
  /** An HTTP status other than 200 and 500. */
  HTTP_STATUS,
  /** The engine failed the request (500) or answered 200 with a body the protocol forbids. */
  ENGINE_ERROR;

  /** The name in results, e.g. {@code connect_refused}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
