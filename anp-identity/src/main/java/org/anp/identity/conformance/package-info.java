/**
 * Runs published conformance vectors against this library: {@link
 * org.anp.identity.conformance.Anp02V12Conformance} for the ANP-02 1.2 files.
 */
package org.anp.identity.conformance;
