package io.mediawhisperer.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of the server, checked on the main classes of every module (this module's
 * only dependency, the launcher, brings them all). A rule that fails names each offending
 * dependency with its class, member and line. Plain JUnit tests, not archunit-junit5's
 * {@code @ArchTest} fields, which surefire 3.5.3 silently skips (TNG/ArchUnit#1442).
 */
class ArchitectureTest {

  /** One package per verticle module; its sub-packages (the audiobook's audio and script) belong to its slice. */
  static final List<String> VERTICLES = List.of("io.mediawhisperer.auth", "io.mediawhisperer.http",
      "io.mediawhisperer.cleanup", "io.mediawhisperer.ingestion", "io.mediawhisperer.embedding",
      "io.mediawhisperer.retrieval", "io.mediawhisperer.chat", "io.mediawhisperer.generation",
      "io.mediawhisperer.audiobook", "io.mediawhisperer.transcripts");

  /** The bus contracts: verticles/bus-api, one package. */
  static final String BUS_API = "io.mediawhisperer.bus";

  /** What verticles share beyond the contracts: verticles/common. */
  static final List<String> COMMON = List.of("io.mediawhisperer.serving", "io.mediawhisperer.db", "io.mediawhisperer.blob",
      "io.mediawhisperer.node", "io.mediawhisperer.settings", "io.mediawhisperer.writing", "io.mediawhisperer.text");

  /** Every concrete plugin, and the libraries only plugins use (openai-support, pg-support). */
  static final String PLUGINS = "io.mediawhisperer.plugin..";

  /** Each verticle package, with its sub-packages, a slice of its own; everything else in no slice. */
  static final SliceAssignment VERTICLE_SLICES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass type) {
      String pkg = type.getPackageName();
      return VERTICLES.stream().filter(v -> pkg.equals(v) || pkg.startsWith(v + ".")).findFirst()
          .map(SliceIdentifier::of).orElse(SliceIdentifier.ignore());
    }

    @Override
    public String getDescription() {
      return "the verticle packages";
    }
  };

  static final ArchRule no_verticle_depends_on_another_verticle = slices().assignedFrom(VERTICLE_SLICES)
      .should().notDependOnEachOther()
      .because("verticles meet only on the event bus, through the contracts of verticles/bus-api");

  static final ArchRule the_server_knows_plugins_only_through_the_spi = noClasses()
      .that().resideInAnyPackage(server())
      .should().dependOnClassesThat().resideInAPackage(PLUGINS)
      .because("a verticle opens a plugin through io.mediawhisperer.spi and the node's catalog, so any plugin can replace it");

  static final ArchRule the_spi_depends_on_nothing_of_the_server = classes()
      .that().resideInAPackage("io.mediawhisperer.spi..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("io.mediawhisperer.spi..", "java..")
      .because("a plugin is built against the SPI alone (plugins/spi has no dependencies but the JDK)");

  static final ArchRule the_bus_contracts_depend_on_vertx_core_only = classes()
      .that().resideInAPackage(BUS_API)
      .should().onlyDependOnClassesThat().resideInAnyPackage(BUS_API, "io.vertx.core..", "java..")
      .because("a client of the bus or a replacement verticle needs nothing else of the server");

  static final ArchRule the_bus_contracts_live_in_bus_api_only = classes()
      .that().resideInAPackage(BUS_API)
      .should(comeFrom("verticles/bus-api", "mw-bus-api-"))
      .because("the contract package is not split across modules: helpers for serving an address live in io.mediawhisperer.serving");

  private static JavaClasses mainClasses;

  @BeforeAll
  static void importMainClasses() {
    mainClasses = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(new NoTestJars())
        .importPackages("io.mediawhisperer");
  }

  @Test
  void everyModuleIsImported() {
    // a rule over classes that were not found passes without checking anything
    for (String pkg : Stream.concat(Stream.concat(VERTICLES.stream(), COMMON.stream()),
        Stream.of(BUS_API, "io.mediawhisperer.spi", "io.mediawhisperer.launcher", "io.mediawhisperer.plugin.vector.lucene")).toList()) {
      assertThat(mainClasses.stream().anyMatch(type -> type.getPackageName().equals(pkg))).as("classes of %s imported", pkg).isTrue();
    }
    assertThat(mainClasses.stream().filter(resideInAPackage(PLUGINS)).count()).as("plugin classes imported").isGreaterThan(10);
    assertThat(mainClasses.stream().noneMatch(type -> type.getPackageName().equals("io.mediawhisperer.testing")))
        .as("test-jars left out").isTrue();
  }

  @Test
  void noVerticleDependsOnAnotherVerticle() {
    no_verticle_depends_on_another_verticle.check(mainClasses);
  }

  @Test
  void theServerKnowsPluginsOnlyThroughTheSpi() {
    the_server_knows_plugins_only_through_the_spi.check(mainClasses);
  }

  @Test
  void theSpiDependsOnNothingOfTheServer() {
    the_spi_depends_on_nothing_of_the_server.check(mainClasses);
  }

  @Test
  void theBusContractsDependOnVertxCoreOnly() {
    the_bus_contracts_depend_on_vertx_core_only.check(mainClasses);
  }

  @Test
  void theBusContractsLiveInBusApiOnly() {
    the_bus_contracts_live_in_bus_api_only.check(mainClasses);
  }

  private static String[] server() {
    return Stream.of(VERTICLES.stream().map(v -> v + ".."), COMMON.stream(), Stream.of(BUS_API, "io.mediawhisperer.launcher", "io.mediawhisperer.config"))
        .flatMap(s -> s).toArray(String[]::new);
  }

  /** The class file comes from a module's build directory or its jar, as the reactor or a repository gives it. */
  private static ArchCondition<JavaClass> comeFrom(String moduleDirectory, String jarPrefix) {
    return new ArchCondition<>("come from " + moduleDirectory) {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        String uri = type.getSource().map(source -> source.getUri().toString()).orElse("");
        boolean satisfied = uri.contains("/" + moduleDirectory + "/") || uri.contains("/" + jarPrefix);
        events.add(new SimpleConditionEvent(type, satisfied, type.getName() + " comes from " + uri));
      }
    };
  }

  /** Test-jars (contract kits, TestDatabase) are test code too. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }
}
