package org.anp.meta.selection;

/**
 * Decides one {@code anp.negotiate} request: the ANP-06 1.2 interface-selection seam. The default,
 * {@link DeclaredInterfacesProvider}, decides from the agent's declared interfaces, offline and
 * deterministically; a deployment may plug in policy or a language model here.
 *
 * <p>Implementations are thread-safe. A decision is a {@link NegotiationResult} (for policy
 * outcomes, with {@code reason} and {@code alternatives}) or an {@link
 * org.anp.transport.p1.RpcException} with a {@link MetaNegotiationError} for protocol failures
 * (spec/anp-v1.2.md Q4). A result never authorizes anything (ANP-06 §12).
 */
@FunctionalInterface
public interface SelectionProvider {

  /** The decision for {@code request}. */
  NegotiationResult decide(SelectionRequest request);
}
