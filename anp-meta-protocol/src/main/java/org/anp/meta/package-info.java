/**
 * Layer 2 of ANP: the meta-protocol, in which two agents negotiate in natural language, backed by
 * JSON Schemas, which application protocol they will speak, then generate, test and reuse it.
 */
package org.anp.meta;
