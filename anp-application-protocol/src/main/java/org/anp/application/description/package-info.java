/**
 * Agent descriptions (ANP-07): {@link org.anp.application.description.AgentDescription}, one
 * immutable model over the 1.2 plain-JSON shape, the earlier JSON-LD shape and the reference SDK's
 * product-style variant; {@link org.anp.application.description.DescriptionSchemas} to validate
 * them against shipped JSON Schemas; and the proof, signed by {@link
 * org.anp.application.description.DescriptionSigner} and checked by {@link
 * org.anp.application.description.DescriptionVerifier}, whose {@link
 * org.anp.application.description.VerifiedDescription} is the only form in which a description
 * is used.
 */
package org.anp.application.description;
