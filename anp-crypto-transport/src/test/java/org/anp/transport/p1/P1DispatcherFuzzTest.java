package org.anp.transport.p1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.resolve.DidResolver;

/**
 * Fuzz target for the P1 dispatcher: any body gets a response (or, for an allowed notification,
 * none) within the bound, never {@code -32603}: bad input is always a classified P1 error. A
 * request that parses also re-serializes to an equal request.
 */
class P1DispatcherFuzzTest {
  private static final DidResolver NOBODY =
      did -> CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "fuzz: no DIDs"));
  private static final P1Dispatcher DISPATCHER =
      P1Dispatcher.builder()
          .serviceDid("did:web:fuzz.test")
          .maxRequestBytes(64 * 1024)
          .originProofs(OriginProofVerifier.builder().resolver(NOBODY).build())
          .method(P1Method.builder("fuzz.echo", "fuzz.v1")
              .allowNotifications()
              .handler(call -> CompletableFuture.completedFuture(call.request().body()))
              .build())
          .method(P1Method.builder("direct.send", "anp.direct.base.v1")
              .handler(call -> CompletableFuture.completedFuture(JsonNodeFactory.instance.booleanNode(true)))
              .build())
          .build();

  @FuzzTest
  void dispatch(byte[] data) throws Exception {
    Optional<P1Response> response = DISPATCHER.dispatch(data, Optional.empty()).get(30, TimeUnit.SECONDS);
    response.flatMap(P1Response::error).ifPresent(e -> assertThat(e.code()).isNotEqualTo(-32603));
    try {
      P1Request request = P1Request.parse(data, 64 * 1024);
      assertThat(P1Request.parse(request.toBytes(), Integer.MAX_VALUE)).isEqualTo(request);
      if (request.id().isPresent()) {
        assertThat(response).isPresent();
        assertThat(response.get().id()).isEqualTo(request.id());
      }
    } catch (RpcException e) {
      assertThat(response).isPresent();
      assertThat(response.get().error()).isPresent();
    }
  }
}
