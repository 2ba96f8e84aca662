/** The {@code anp serve} command: long-running servers, for now the DID document host. */
package org.anp.cli.serve;
