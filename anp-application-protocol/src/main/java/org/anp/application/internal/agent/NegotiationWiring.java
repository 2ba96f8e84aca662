package org.anp.application.internal.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolCodeGenerator;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.session.MetaProtocolAgent;
import org.anp.meta.store.ProtocolStore;
import org.anp.transport.messenger.AgentMessenger;

/**
 * How the {@code Agent} facade makes its meta-protocol agent: the capabilities it serves under
 * negotiated protocols, their functions, an optional negotiator (else the schema negotiator of
 * the capabilities), the schema handler generators, and the user's further settings. The same
 * generators make the handlers of registry protocols, so a loaded protocol binds to the same
 * capabilities as a negotiated one. Immutable.
 *
 * @param capabilities the capabilities served as provider
 * @param functions the function of each capability, by name
 * @param negotiator another negotiator than the default
 * @param settings applied to the meta-protocol builder after the facade's own
 */
public record NegotiationWiring(
    List<LocalCapability> capabilities,
    Map<String, CapabilityFunction> functions,
    Optional<Negotiator> negotiator,
    Consumer<MetaProtocolAgent.Builder> settings) {

  /** Copies the collections (every capability has a function, as the builder checked). */
  public NegotiationWiring {
    capabilities = List.copyOf(capabilities);
    functions = Map.copyOf(functions);
    Objects.requireNonNull(negotiator, "negotiator");
    Objects.requireNonNull(settings, "settings");
  }

  /** The handler generator for {@code role}. */
  public ProtocolCodeGenerator generator(Role role) {
    return role == Role.REQUESTER
        ? SchemaHandlerGenerator.forRequester()
        : SchemaHandlerGenerator.forProvider(capabilities, functions);
  }

  /** The meta-protocol agent over the messenger {@code messenger} describes, keeping protocols in {@code store}. */
  public MetaProtocolAgent build(AgentMessenger.Builder messenger, ProtocolStore store) {
    MetaProtocolAgent.Builder b = MetaProtocolAgent.builder(messenger)
        .serve(capabilities, functions)
        .generators(generator(Role.REQUESTER), generator(Role.PROVIDER))
        .store(store);
    negotiator.ifPresent(b::negotiator);
    settings.accept(b);
    return b.build();
  }
}
