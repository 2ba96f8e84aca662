/** The ANP-02 1.2 vector cases behind {@link org.anp.identity.conformance.Anp02V12Conformance}. */
package org.anp.identity.internal.conformance;
