package dev.testops.app.cli;

import dev.testops.core.canonical.CanonicalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Test support: the {@code testops} command line on a home folder, with a pinned clock and entropy
 * and an environment the test sets (the process's own is never read), capturing what it prints.
 */
final class Cli {
  final Path home;
  final Map<String, String> env = new HashMap<>(Map.of("USER", "ci"));
  String out = "";
  String err = "";

  Cli(Path home) {
    this.home = home;
  }

  /** Runs the arguments with {@code --home} appended and returns the exit code. */
  int run(String... args) {
    var context =
        new CliContext(
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            () -> 0xC0FFEEL,
            System::nanoTime,
            env::get,
            false);
    var outText = new StringWriter();
    var errText = new StringWriter();
    String[] withHome =
        Stream.concat(Stream.of(args), Stream.of("--home", home.toString())).toArray(String[]::new);
    int code =
        Main.run(context, new PrintWriter(outText, true), new PrintWriter(errText, true), withHome);
    out = outText.toString();
    err = errText.toString();
    return code;
  }

  /** What was printed, as one JSON object (for {@code --json}). */
  JsonNode json() {
    return CanonicalJson.parse(out.getBytes(StandardCharsets.UTF_8), "stdout");
  }

  /** The first line printed. */
  String firstLine() {
    return out.lines().findFirst().orElse("");
  }

  /** A JSON file under the home. */
  JsonNode file(String path) throws IOException {
    return CanonicalJson.parse(Files.readAllBytes(home.resolve(path)), path);
  }

  /** Every regular file under the home. */
  List<Path> files() throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
