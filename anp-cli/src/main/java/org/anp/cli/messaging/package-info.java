/**
 * {@code anp send} and {@code anp listen}: one message to a DID, or the messages for a DID,
 * through a message service relay, end-to-end encrypted, with an identity directory written by
 * {@code anp did create}.
 */
package org.anp.cli.messaging;
