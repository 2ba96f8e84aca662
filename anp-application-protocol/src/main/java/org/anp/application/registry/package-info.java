/**
 * The protocol registry (white paper 2.3): signed {@link org.anp.application.registry.ProtocolPackage}s
 * published to a {@link org.anp.application.registry.RegistryServer}, fetched and checked by a
 * {@link org.anp.application.registry.RegistryClient} against a {@link
 * org.anp.application.registry.TrustPolicy}, listed in descriptions ({@link
 * org.anp.application.registry.ProtocolReference}) and loaded into layer 2's protocol store
 * ({@link org.anp.application.registry.ConsensusProtocolLoader}). Decisions 0050 and 0073.
 */
package org.anp.application.registry;
