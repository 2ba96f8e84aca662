/**
 * The layer-3 commands: agent descriptions ({@code anp ad}), calling agents ({@code anp call},
 * {@code anp tools}), discovery ({@code anp discover}, {@code anp search}) and the protocol
 * registry ({@code anp registry}).
 */
package org.anp.cli.application;
