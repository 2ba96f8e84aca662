/**
 * {@code anp conformance}: runs interoperability vector files (produced by the reference Python
 * SDK, see the conformance corpus README) against this implementation, and writes vector files
 * of the same formats from this implementation ({@code --emit}) for the other side to check.
 *
 * <p>Each file format is one {@link org.anp.cli.conformance.ConformanceSuite}; the command picks
 * the suite by the file's structure, never by its name. Formats of the corpus without a suite yet
 * are reported as skipped ({@code PendingFormat}); the files one {@code --emit} run writes share an
 * {@link org.anp.cli.conformance.EmitContext}, so a family describes one thing (decision 0013).
 */
package org.anp.cli.conformance;
