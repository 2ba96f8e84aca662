package org.anp.integration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The package rules of ARCHITECTURE.md as ArchUnit rules: layers depend downward only, a module's
 * {@code internal} packages are used only inside that module, and the identity layer does not
 * touch Netty.
 */
final class LayeringRules {

  /** Root packages below {@code org.anp}, lowest layer first. */
  static final List<String> LAYERS = List.of("identity", "transport", "meta", "application", "cli");

  /** No layer depends on a layer above it. */
  static final ArchRule DOWNWARD_ONLY = downwardOnly();

  /** {@code org.anp.X..internal..} is used only from {@code org.anp.X..}. */
  static final ArchRule INTERNAL_STAYS_INSIDE = internalStaysInside();

  /** The identity layer is usable without Netty. */
  static final ArchRule IDENTITY_WITHOUT_NETTY =
      noClasses()
          .that()
          .resideInAPackage("org.anp.identity..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.netty..")
          .allowEmptyShould(true)
          .because("anp-identity is for services that need DID authentication without a server");

  private LayeringRules() {}

  /**
   * The main classes of every module on the class path: no test classes, neither from
   * test-classes directories nor from {@code -tests.jar} test jars.
   */
  static JavaClasses importProductionClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("org.anp");
  }

  private static ArchRule downwardOnly() {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 0; i < LAYERS.size() - 1; i++) {
      List<String> higher = LAYERS.subList(i + 1, LAYERS.size());
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(root(LAYERS.get(i)))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(higher.stream().map(LayeringRules::root).toArray(String[]::new))
              .allowEmptyShould(true)
              .because("layers depend downward only: " + String.join(" < ", LAYERS)));
    }
    return CompositeArchRule.of(rules);
  }

  private static ArchRule internalStaysInside() {
    List<ArchRule> rules = new ArrayList<>();
    for (String layer : LAYERS) {
      rules.add(
          noClasses()
              .that()
              .resideOutsideOfPackage(root(layer))
              .should()
              .dependOnClassesThat()
              .resideInAPackage("org.anp." + layer + "..internal..")
              .allowEmptyShould(true)
              .because("internal packages of org.anp." + layer + " are not API"));
    }
    return CompositeArchRule.of(rules);
  }

  private static String root(String layer) {
    return "org.anp." + layer + "..";
  }
}
