package org.anp.benchmarks.application;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSigner;
import org.anp.application.description.Extensions;
import org.anp.application.description.Information;
import org.anp.application.description.SecurityScheme;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.identity.agent.AgentIdentity;

/**
 * Signed agent descriptions as {@code AgentEndpoints} serves them: ANP 1.2 shape, the DIDWba
 * security scheme, the {@link EchoService} interface, an information item, signed for the
 * domain {@code 127.0.0.1} (about 1.5 KB).
 */
final class Descriptions {
  static final String DOMAIN = "127.0.0.1";

  private Descriptions() {}

  /** The signed description of {@code identity} at {@code url}, as served bytes. */
  static byte[] signed(AgentIdentity identity, String name, String url) {
    String base = url.substring(0, url.lastIndexOf('/'));
    AgentDescription unsigned = AgentDescription.builder(name)
        .description("A benchmark agent that echoes what it is sent, with DID authentication")
        .did(identity.did().toString())
        .url(url)
        .securityDefinition("didwba_sc", SecurityScheme.didWbaHeader())
        .security(List.of("didwba_sc"))
        .information(new Information("Product", Optional.of("Echo service terms"), Optional.of(base + "/terms.json"), Extensions.empty()))
        .addInterface(InterfaceDefinition.fromAnnotated(new EchoService()).toAgentInterface(base + "/interfaces/echo.json"))
        .build();
    AgentDescription signed = DescriptionSigner.builder(identity).domain(DOMAIN).build().sign(unsigned);
    return signed.receivedJson().toString().getBytes(StandardCharsets.UTF_8);
  }
}
