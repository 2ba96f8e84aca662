/**
 * The did:key method (W3C CCG did:key 0.7), for tests and offline use: {@link
 * org.anp.identity.didkey.DidKey} converts between keys, DIDs and documents, {@link
 * org.anp.identity.didkey.DidKeyMethod} resolves.
 */
package org.anp.identity.didkey;
