/**
 * Language-model code generation for agreed protocols (spec/meta-protocol.md §7): the small
 * {@link org.anp.meta.codegen.GeneratedHandler} contract generated Java implements, the
 * {@link org.anp.meta.codegen.LanguageModelCodeGenerator} that asks a model for it, compiles it in
 * memory, refuses denied APIs before loading and enables it only after test cases pass, and the
 * {@link org.anp.meta.codegen.SandboxedProtocolHandler} that runs it with a time limit per call.
 */
package org.anp.meta.codegen;
