package dev.testops.app.server;

import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document, made from the route table, so it lists exactly the routes that exist
 * (including its own). Schemas live in {@code openapi-components.json} beside this class.
 */
final class OpenApi {
  /** A path variable; {@code {*name}} (the rest of the path, slashes included) is {@code name}. */
  private static final Pattern PATH_VARIABLE = Pattern.compile("\\{\\*?([^}]+)}");

  private static final Map<String, String> PARAMETER_TYPES =
      Map.of("page", "integer", "size", "integer", "last_event_id", "integer");

  private final String version;
  private volatile byte[] document = new byte[0];

  OpenApi(String version) {
    this.version = version;
  }

  /** Describes the table; called once the table, which holds this handler, is complete. */
  void describe(List<Route> routes) {
    document = CanonicalJson.line(document(routes, version)).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code GET /v3/api-docs} */
  ServerResponse serve(ServerRequest request) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(document);
  }

  static ObjectNode document(List<Route> routes, String version) {
    ObjectNode doc = CanonicalJson.object();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "TestOps");
    info.put("version", version);
    info.put(
        "description",
        "Release validation for the Toron v2.5H+ reasoning engine: runs, live events (SSE),"
            + " history, snapshots. Errors are application/problem+json.");
    ObjectNode paths = doc.putObject("paths");
    for (Route route : routes) {
      String path = route.path().replace("{*", "{");
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      item.set(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    doc.set("components", components());
    return doc;
  }

  private static ObjectNode operation(Route route) {
    ObjectNode op = CanonicalJson.object();
    op.put("operationId", route.operationId());
    op.put("summary", route.summary());
    op.put("x-testops-role", route.role().wireName());
    ArrayNode parameters = op.putArray("parameters");
    Matcher variables = PATH_VARIABLE.matcher(route.path());
    while (variables.find()) {
      parameter(parameters, variables.group(1), "path").put("required", true);
    }
    route.query().forEach(name -> parameter(parameters, name, "query"));
    route.headers().forEach(name -> parameter(parameters, name, "header"));
    if (route.requestSchema() != null) {
      ObjectNode body = op.putObject("requestBody");
      body.put("required", true);
      schemaRef(body.putObject("content").putObject("application/json"), route.requestSchema());
    }
    ObjectNode responses = op.putObject("responses");
    ObjectNode ok = responses.putObject(Integer.toString(route.status()));
    ok.put("description", "Success");
    ObjectNode media = ok.putObject("content").putObject(route.produces());
    if (route.responseSchema() != null) {
      schemaRef(media, route.responseSchema());
    }
    ObjectNode problem = responses.putObject("default");
    problem.put("description", "A problem (4xx or 5xx)");
    schemaRef(problem.putObject("content").putObject("application/problem+json"), "Problem");
    ArrayNode security = op.putArray("security");
    if (route.role() != Role.ANYONE) {
      security.addObject().putArray("bearer");
    }
    return op;
  }

  private static ObjectNode parameter(ArrayNode parameters, String name, String in) {
    ObjectNode p = parameters.addObject();
    p.put("name", name);
    p.put("in", in);
    p.putObject("schema").put("type", PARAMETER_TYPES.getOrDefault(name, "string"));
    return p;
  }

  private static void schemaRef(ObjectNode media, String schema) {
    media.putObject("schema").put("$ref", "#/components/schemas/" + schema);
  }

  private static ObjectNode components() {
    try (InputStream in = OpenApi.class.getResourceAsStream("openapi-components.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi-components.json is missing from the jar");
      }
      return (ObjectNode) CanonicalJson.parse(in.readAllBytes(), "openapi-components.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
