/** Implementation helpers shared by the document-proof code of did:wba and did:all. */
package org.anp.identity.internal.proof;
