package org.anp.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.anp.cli.AnpCommand;
import org.anp.identity.IdentityException;
import org.anp.identity.archfixture.IdentityUsesCli;
import org.anp.identity.archfixture.IdentityUsesNetty;
import org.anp.identity.archfixture.IdentityUsesOwnInternal;
import org.anp.identity.internal.archfixture.InternalDetail;
import org.anp.meta.archfixture.MetaUsesIdentityInternal;
import org.anp.transport.archfixture.TransportUsesIdentity;
import org.junit.jupiter.api.Test;

class LayeringTest {

  private static final JavaClasses PRODUCTION = LayeringRules.importProductionClasses();

  @Test
  void importsTheMainClassesOfTheModulesAndNoTestClass() {
    List<String> names = PRODUCTION.stream().map(JavaClass::getName).toList();

    assertThat(names)
        .hasSizeGreaterThan(5)
        .contains(IdentityException.class.getName(), AnpCommand.class.getName())
        .doesNotContain(
            LayeringTest.class.getName(),
            IdentityUsesCli.class.getName(),
            InternalDetail.class.getName(),
            "org.anp.identity.codec.Base58Test");
    assertThat(PRODUCTION.stream().map(LayeringTest::origin))
        .allSatisfy(
            origin ->
                assertThat(origin).doesNotContain("/test-classes/").doesNotContain("-tests.jar"));
  }

  private static String origin(JavaClass javaClass) {
    return javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
  }

  @Test
  void lowerLayersDoNotDependOnHigherLayers() {
    LayeringRules.DOWNWARD_ONLY.check(PRODUCTION);
  }

  @Test
  void internalPackagesAreUsedOnlyInsideTheirModule() {
    LayeringRules.INTERNAL_STAYS_INSIDE.check(PRODUCTION);
  }

  @Test
  void identityDoesNotUseNetty() {
    LayeringRules.IDENTITY_WITHOUT_NETTY.check(PRODUCTION);
  }

  @Test
  void downwardRuleCatchesIdentityUsingTheCli() {
    JavaClasses fixture = new ClassFileImporter().importClasses(IdentityUsesCli.class);

    assertThatThrownBy(() -> LayeringRules.DOWNWARD_ONLY.check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(IdentityUsesCli.class.getName())
        .hasMessageContaining(AnpCommand.class.getName());
  }

  @Test
  void downwardRuleAllowsAHigherLayerUsingALowerOne() {
    JavaClasses fixture = new ClassFileImporter().importClasses(TransportUsesIdentity.class);

    assertThatCode(() -> LayeringRules.DOWNWARD_ONLY.check(fixture)).doesNotThrowAnyException();
  }

  @Test
  void internalRuleCatchesAnotherModuleUsingIdentityInternals() {
    JavaClasses fixture = new ClassFileImporter().importClasses(MetaUsesIdentityInternal.class);

    assertThatThrownBy(() -> LayeringRules.INTERNAL_STAYS_INSIDE.check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(MetaUsesIdentityInternal.class.getName())
        .hasMessageContaining(InternalDetail.class.getName());
  }

  @Test
  void internalRuleAllowsTheOwningModule() {
    JavaClasses fixture = new ClassFileImporter().importClasses(IdentityUsesOwnInternal.class);

    assertThatCode(() -> LayeringRules.INTERNAL_STAYS_INSIDE.check(fixture))
        .doesNotThrowAnyException();
  }

  @Test
  void nettyRuleCatchesIdentityUsingNetty() {
    JavaClasses fixture = new ClassFileImporter().importClasses(IdentityUsesNetty.class);

    assertThatThrownBy(() -> LayeringRules.IDENTITY_WITHOUT_NETTY.check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(IdentityUsesNetty.class.getName())
        .hasMessageContaining("io.netty");
  }
}
