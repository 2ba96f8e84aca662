package org.anp.transport.p1;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.auth.VerifiedCaller;

/**
 * One dispatched P1 request with what is known about who sent it: the one-hop HTTP caller (DID
 * authentication of the transport, if any) and the verified business origin (origin proof, if
 * any). P1 Appendix A.8: the two are different facts and neither stands in for the other.
 *
 * @param request the request
 * @param httpCaller the DID that authenticated the HTTP request
 * @param origin the verified origin proof
 */
public record P1Call(P1Request request, Optional<VerifiedCaller> httpCaller, Optional<VerifiedOrigin> origin) {

  /** Checks the parts. */
  public P1Call {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(httpCaller, "httpCaller");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * The DID proven to stand behind this request: the origin proof's DID if there is one, else the
   * HTTP caller's (ANP-06 accepts ANP-02 HTTP authentication as the equivalent context).
   */
  public Optional<String> authenticatedDid() {
    if (origin.isPresent()) {
      return Optional.of(origin.get().did());
    }
    return httpCaller.map(c -> c.did().toString());
  }
}
