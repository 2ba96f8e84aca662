/**
 * DIDs, DID URLs and DID documents (W3C DID Core 1.0; spec/identity.md 1.3): strict parsers and
 * immutable values whose keys are decoded once, on first use (decision 0007). Resolution lives in
 * {@link org.anp.identity.resolve}; method-specific rules in the method packages.
 */
package org.anp.identity.did;
