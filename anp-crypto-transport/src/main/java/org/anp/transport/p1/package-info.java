/**
 * The P1 core binding of ANP 1.2 ({@code anp.core.binding.v1}): the JSON-RPC 2.0 envelope every
 * ANP method travels in ({@link org.anp.transport.p1.P1Request}, {@link
 * org.anp.transport.p1.P1Response}, {@link org.anp.transport.p1.P1Meta}), its error codes ({@link
 * org.anp.transport.p1.CoreRpcError}, 1000-1021 with {@code data.anp_code}), its value encodings
 * ({@link org.anp.transport.p1.P1Fields}), origin proofs (Appendix A, {@link
 * org.anp.transport.p1.OriginProofs}, {@link org.anp.transport.p1.OriginProofVerifier}) and
 * object proofs (Appendix B, {@link org.anp.transport.p1.ObjectProofs}); the server {@link
 * org.anp.transport.p1.P1Dispatcher} (mounted on {@code HttpServer}, where layers 2 and 3 register
 * their methods) and the {@link org.anp.transport.p1.P1Client}.
 *
 * <p>Decision record 0032 lists the choices made where P1 leaves room.
 */
package org.anp.transport.p1;
