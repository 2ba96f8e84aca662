/**
 * The did:web DID method as ANP 1.2 uses it (ANP-02 Appendix B): {@link
 * org.anp.identity.didweb.DidWeb} identifiers. Resolution is registered with the resolver's
 * {@link java.util.ServiceLoader} methods.
 */
package org.anp.identity.didweb;
