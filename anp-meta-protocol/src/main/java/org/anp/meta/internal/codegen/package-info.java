/**
 * Implementation of language-model code generation: in-memory compilation, the bytecode
 * deny-list, the call guard injected into generated code, the sandbox class loader and the
 * bounded, time-limited executor generated code runs on.
 */
package org.anp.meta.internal.codegen;
