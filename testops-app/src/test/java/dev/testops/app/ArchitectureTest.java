package dev.testops.app;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.testops.core.TestOps;
import dev.testops.core.run.RunQueue;
import dev.testops.core.run.RunService;
import dev.testops.core.store.sqlite.SqliteRunStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module and package boundaries of TestOps, one named rule each. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.testops");
  }

  @Test
  void coreHasNoFrameworkOrCliImports() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.testops.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "picocli..",
                "org.springframework..",
                "jakarta.servlet..",
                "javax.servlet..",
                "io.javalin..",
                "dev.testops.app..")
            .because("the core is plain Java; the CLI and the server are thin edges over it");
    rule.check(classes);
  }

  @Test
  void coreKnowsNoParticularEngine() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.testops.core..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.testops.toron..")
            .because("engines are plug-ins found through the engine API, never linked directly");
    rule.check(classes);
  }

  @Test
  void enginesDependOnlyOnTheEngineApi() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("dev.testops.toron..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.testops.toron..", "dev.testops.engine..", "java..")
            .because("the reference engine implements the contract exactly as a third party would");
    rule.check(classes);
  }

  @Test
  void httpEngineAdapterDependsOnlyOnTheEngineApiNettyAndJackson() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("dev.testops.enginehttp..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                "dev.testops.enginehttp..",
                "dev.testops.engine..",
                "io.netty..",
                "tools.jackson..",
                "java..",
                "javax.net..")
            .because("an engine served over HTTP must not need TestOps itself");
    rule.check(classes);
  }

  @Test
  void coreKnowsNoTransport() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.testops.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.testops.enginehttp..", "io.netty..")
            .because("remote engines are reached through the engine API like any other");
    rule.check(classes);
  }

  @Test
  void engineApiDependsOnNothingButTheJdk() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("dev.testops.engine..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.testops.engine..", "java..")
            .because("engine teams implement the API without pulling in TestOps");
    rule.check(classes);
  }

  @Test
  void coreReadsNoClockOrRandomnessDirectly() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.testops.core..")
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .callConstructor(java.util.Random.class)
            .orShould()
            .callConstructor(java.util.Random.class, long.class)
            .because("time and randomness are injected so snapshots and reports are reproducible");
    rule.check(classes);
  }

  @Test
  void corePackagesHaveNoCycles() {
    ArchRule rule =
        slices()
            .matching("dev.testops.core.(*)..")
            .should()
            .beFreeOfCycles()
            .because("each feature package builds on lower ones only");
    rule.check(classes);
  }

  @Test
  void onlyTheCompositionRootWiresTestOps() {
    ArchRule rule =
        noClasses()
            .that()
            .doNotBelongToAnyOf(TestOps.class)
            .and()
            .resideOutsideOfPackage("dev.testops.core.store..")
            .should()
            .callConstructorWhere(target(owner(type(RunService.class))))
            .orShould()
            .callMethod(SqliteRunStore.class, "open", Path.class)
            .orShould()
            .callMethod(SqliteRunStore.class, "openHome", Path.class)
            .orShould()
            .callMethod(RunQueue.class, "start", RunService.class, int.class)
            .because(
                "TestOps.create is the one place that opens a store and wires runs, so the server,"
                    + " the CLI and the tests run the same TestOps on any store");
    rule.check(classes);
  }

  @Test
  void filesAreWrittenOnlyByTheArtifactPackage() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.testops.core.artifact..")
            .should()
            .callMethodWhere(
                target(owner(type(java.nio.file.Files.class)))
                    .and(
                        target(
                            nameMatching(
                                "write|writeString|newBufferedWriter|newOutputStream|copy|move"
                                    + "|createTempFile"))))
            .orShould()
            .callConstructorWhere(
                target(
                    owner(
                        type(java.io.FileOutputStream.class)
                            .or(type(java.io.FileWriter.class))
                            .or(type(java.io.RandomAccessFile.class)))))
            .orShould()
            .callMethod(
                java.nio.channels.FileChannel.class,
                "open",
                Path.class,
                java.nio.file.OpenOption[].class)
            .because(
                "every byte a run writes leaves through the artifact package's Output, whole or not"
                    + " at all and past the one filter a scrubber can sit in");
    rule.check(classes);
  }
}
