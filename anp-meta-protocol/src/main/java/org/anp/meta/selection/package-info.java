/**
 * ANP-06 1.2 interface selection ({@code anp.meta.negotiation.v1}): the {@code anp.negotiate}
 * wire models field for field as the specification and the reference SDK name them ({@link
 * org.anp.meta.selection.NegotiateRequestBody}, {@link org.anp.meta.selection.NegotiationResult},
 * {@link org.anp.meta.selection.MetaProtocolInterface} and their parts; errors {@link
 * org.anp.meta.selection.MetaNegotiationError} 1600-1608), the server method ({@link
 * org.anp.meta.selection.MetaSelectionService}) with its provider seam ({@link
 * org.anp.meta.selection.SelectionProvider}, default {@link
 * org.anp.meta.selection.DeclaredInterfacesProvider}), the caller's client and cache ({@link
 * org.anp.meta.selection.MetaSelectionClient}, {@link org.anp.meta.selection.NegotiationCache}) and
 * the entry point that falls back to the white paper's negotiation ({@link
 * org.anp.meta.selection.CapabilitySelector}, {@link
 * org.anp.meta.selection.ProtocolNegotiationHandOver}).
 *
 * <p>Everything travels in the P1 core binding ({@code org.anp.transport.p1}). Model faults are
 * {@code RpcException} {@code INVALID_PARAMS} (-32602). Decision record 0033 lists the choices.
 */
package org.anp.meta.selection;
