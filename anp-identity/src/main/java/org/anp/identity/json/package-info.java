/**
 * JSON as ANP signs and reads it: {@link org.anp.identity.json.StrictJson} parses peer input
 * strictly and within limits; {@link org.anp.identity.json.Jcs} (RFC 8785) and
 * {@link org.anp.identity.json.PyCompactSortedJson} (the reference implementation's Python
 * {@code json.dumps} form) turn a parsed tree into the exact bytes that are hashed and signed.
 * Always canonicalize the tree that was received, never a re-serialized object.
 */
package org.anp.identity.json;
