package dev.testops.app.cli;

import dev.testops.core.engines.EngineRegistry;
import dev.testops.engine.EngineOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --engine} and {@code --engine-option} options of the commands that open an engine. */
final class EngineChoice {
  @Option(
      names = "--engine",
      paramLabel = "ID",
      defaultValue = EngineRegistry.DEFAULT_ENGINE,
      description = "Engine id (default: ${DEFAULT-VALUE}).")
  String id;

  @Option(
      names = "--engine-option",
      paramLabel = "KEY=VALUE",
      description =
          "Engine option, repeatable, e.g. fault=error:0.01 or url=http://127.0.0.1:9000.")
  List<String> options = new ArrayList<>();

  /** The parsed options. */
  EngineOptions options() {
    return EngineOptionsParser.parse(options);
  }
}
