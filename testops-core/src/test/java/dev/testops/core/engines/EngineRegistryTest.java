package dev.testops.core.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRegistryTest {
  @TempDir Path temp;

  @Test
  void classPathEngines_areFoundById() {
    var registry = EngineRegistry.discover(temp.resolve("no-plugins"));

    assertThat(registry.ids()).contains("toron-v2.5h+");
  }

  @Test
  void pluginJarInTheEnginesFolder_isLoaded_andItsEngineRuns() throws IOException {
    Path engines = temp.resolve("engines");
    buildPluginJar(engines.resolve("upper.jar"));

    var registry = EngineRegistry.discover(engines);

    assertThat(registry.ids()).contains("upper-1", "toron-v2.5h+");
    try (var engine = registry.open("upper-1", EngineOptions.NONE)) {
      var response = engine.process(new EngineRequest("u", 1, "hello", List.of(), 1));
      assertThat(response.answer()).isEqualTo("HELLO");
    }
  }

  @Test
  void brokenPluginJar_isReportedAsAnEngineFailure() throws IOException {
    Path engines = temp.resolve("engines");
    Files.createDirectories(engines);
    try (var jar = new JarOutputStream(Files.newOutputStream(engines.resolve("broken.jar")))) {
      jar.putNextEntry(new JarEntry("META-INF/services/dev.testops.engine.EngineProvider"));
      jar.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThatThrownBy(() -> EngineRegistry.discover(engines))
        .isInstanceOf(TestOpsException.EngineFailure.class)
        .hasMessageContaining("plugin is broken");
  }

  /** Compiles a tiny third-party engine and packs it as a plugin jar, as an engine team would. */
  private void buildPluginJar(Path jarFile) throws IOException {
    Path src = temp.resolve("src/com/example");
    Files.createDirectories(src);
    Files.writeString(
        src.resolve("UpperProvider.java"),
        """
        package com.example;
        import dev.testops.engine.*;
        import java.util.List;
        import java.util.Locale;
        import java.util.TreeSet;
        public final class UpperProvider implements EngineProvider {
          public String id() { return "upper-1"; }
          public Engine create(EngineOptions options) {
            return new Engine() {
              public EngineDescriptor describe() {
                return new EngineDescriptor("upper-1", "1.0", new TreeSet<>());
              }
              public void ping() {}
              public EngineResponse process(EngineRequest r) {
                String answer = r.prompt().toUpperCase(Locale.ROOT);
                return new EngineResponse(Tier.T1, false, 0, 1.0, 1000, answer,
                    Digests.sha256Hex(answer), List.of());
              }
            };
          }
        }
        """);
    Path classes = temp.resolve("classes");
    Files.createDirectories(classes);
    var compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            src.resolve("UpperProvider.java").toString());
    assertThat(status).as("plugin compiles").isZero();
    Files.createDirectories(jarFile.getParent());
    try (var jar = new JarOutputStream(Files.newOutputStream(jarFile))) {
      add(
          jar,
          "META-INF/services/dev.testops.engine.EngineProvider",
          "com.example.UpperProvider\n".getBytes(StandardCharsets.UTF_8));
      try (var files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          add(jar, classes.relativize(file).toString(), Files.readAllBytes(file));
        }
      }
    }
  }

  private static void add(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    OutputStream out = jar;
    out.write(bytes);
    jar.closeEntry();
  }
}
