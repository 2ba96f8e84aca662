/** The {@code anp relay} command: a message service relay from the command line. */
package org.anp.cli.relay;
