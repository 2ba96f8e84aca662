/** The did:all {@link org.anp.identity.spi.DidMethod} implementation (legacy). */
package org.anp.identity.internal.didall;
