package org.anp.application.interfaces;

import java.util.Objects;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.auth.VerifiedCaller;

/**
 * What a JSON-RPC method knows about the call besides its params: the caller, when the transport
 * authenticated one (RFC 9421 signature or bearer token). Declare a parameter of this type on a
 * {@link JsonRpcMethod} method, or take it as the second argument of a {@link JsonRpcFunction}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CallContext {
  private static final CallContext ANONYMOUS = new CallContext(Optional.empty());

  private final Optional<VerifiedCaller> caller;

  private CallContext(Optional<VerifiedCaller> caller) {
    this.caller = caller;
  }

  /** A call whose caller is not authenticated. */
  public static CallContext anonymous() {
    return ANONYMOUS;
  }

  /** A call made by an authenticated caller. */
  public static CallContext of(VerifiedCaller caller) {
    return new CallContext(Optional.of(Objects.requireNonNull(caller, "caller")));
  }

  /** The authenticated caller, if any. */
  public Optional<VerifiedCaller> caller() {
    return caller;
  }

  /**
   * The authenticated caller.
   *
   * @throws ApplicationException {@code UNAUTHENTICATED} if there is none
   */
  public VerifiedCaller requireCaller() {
    return caller.orElseThrow(
        () -> new ApplicationException(ApplicationError.UNAUTHENTICATED, "this method needs an authenticated caller"));
  }

  @Override
  public String toString() {
    return "CallContext[" + caller.map(c -> c.did().toString()).orElse("anonymous") + "]";
  }
}
