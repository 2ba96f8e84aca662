/**
 * The {@code anp} command: one executable over every layer of the stack. {@link
 * org.anp.cli.AnpCommand} is the root command; each subcommand lives in its own package.
 */
package org.anp.cli;
