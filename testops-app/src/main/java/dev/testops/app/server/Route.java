package dev.testops.app.server;

import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One line of the route table: what a request must look like, who may send it, which handler
 * answers it and how the OpenAPI document describes it. Built as {@code get(path, role,
 * handler).doc(id, summary).json(schema)}.
 *
 * @param method the HTTP method
 * @param path the path pattern, e.g. {@code /v1/test-runs/{id}}
 * @param role the role a token needs when tokens are required
 * @param handler the handler
 * @param operationId the OpenAPI operation id
 * @param summary one line for the OpenAPI document
 * @param requestSchema the JSON request body's schema in {@code openapi-components.json}, or {@code
 *     null} for none
 * @param status the success status
 * @param responseSchema the success body's schema, or {@code null}
 * @param produces the success body's media type
 * @param query documented query parameters
 * @param headers documented request headers
 */
record Route(
    HttpMethod method,
    String path,
    Role role,
    HandlerFunction<ServerResponse> handler,
    String operationId,
    String summary,
    String requestSchema,
    int status,
    String responseSchema,
    String produces,
    List<String> query,
    List<String> headers) {

  /** Validates the fields. */
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(produces, "produces");
    query = List.copyOf(query);
    headers = List.copyOf(headers);
  }

  static Route get(String path, Role role, HandlerFunction<ServerResponse> handler) {
    return of(HttpMethod.GET, path, role, handler);
  }

  static Route post(String path, Role role, HandlerFunction<ServerResponse> handler) {
    return of(HttpMethod.POST, path, role, handler);
  }

  private static Route of(
      HttpMethod method, String path, Role role, HandlerFunction<ServerResponse> handler) {
    return new Route(
        method,
        path,
        role,
        handler,
        "",
        "",
        null,
        200,
        null,
        "application/json",
        List.of(),
        List.of());
  }

  /** Names and describes the operation. */
  Route doc(String id, String line) {
    return new Route(
        method,
        path,
        role,
        handler,
        id,
        line,
        requestSchema,
        status,
        responseSchema,
        produces,
        query,
        headers);
  }

  /** Takes a JSON body of the schema. */
  Route body(String schema) {
    return new Route(
        method,
        path,
        role,
        handler,
        operationId,
        summary,
        schema,
        status,
        responseSchema,
        produces,
        query,
        headers);
  }

  /** Answers a JSON body of the schema with the status. */
  Route json(int code, String schema) {
    return new Route(
        method,
        path,
        role,
        handler,
        operationId,
        summary,
        requestSchema,
        code,
        schema,
        "application/json",
        query,
        headers);
  }

  /** Answers a body of another media type. */
  Route produces(String mediaType) {
    return new Route(
        method,
        path,
        role,
        handler,
        operationId,
        summary,
        requestSchema,
        status,
        null,
        mediaType,
        query,
        headers);
  }

  /** Reads these query parameters and request headers. */
  Route params(List<String> queryNames, List<String> headerNames) {
    return new Route(
        method,
        path,
        role,
        handler,
        operationId,
        summary,
        requestSchema,
        status,
        responseSchema,
        produces,
        queryNames,
        headerNames);
  }
}
