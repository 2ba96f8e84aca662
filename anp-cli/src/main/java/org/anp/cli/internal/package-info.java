/** Pieces the {@code anp} subcommands share. Not API: may change in any release. */
package org.anp.cli.internal;
