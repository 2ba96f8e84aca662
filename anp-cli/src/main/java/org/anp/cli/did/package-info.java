/** The {@code anp did} command: create and verify did:wba and did:all documents. */
package org.anp.cli.did;
