/** The did:web {@link org.anp.identity.spi.DidMethod}. */
package org.anp.identity.internal.didweb;
