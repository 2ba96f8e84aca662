/** The did:wba {@link org.anp.identity.spi.DidMethod} implementation. */
package org.anp.identity.internal.wba;
