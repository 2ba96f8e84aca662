/**
 * Reuse of negotiated protocols (spec/meta-protocol.md §9):
 * {@link org.anp.meta.store.ProtocolStore} keeps each agreed protocol by its SHA-256 with its
 * handler's form, in memory or on files.
 */
package org.anp.meta.store;
