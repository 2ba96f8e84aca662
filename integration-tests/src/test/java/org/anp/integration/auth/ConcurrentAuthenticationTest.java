package org.anp.integration.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;

/**
 * Many clients authenticating at once, each signed request sent twice concurrently: every
 * request is accepted exactly once and every replay refused with {@code invalid_nonce}.
 */
class ConcurrentAuthenticationTest {
  private static final int CLIENTS = 8;
  private static final int REQUESTS_PER_CLIENT = 12;

  @Test
  void everyValidRequestIsAcceptedExactlyOnceAndEveryReplayRefused() throws Exception {
    try (AuthScenario s = new AuthScenario()) {
      List<String> headers = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        DidWbaIdentity id = s.hostedIdentity("u/client" + c);
        DidWbaAuthenticator client = AuthScenario.authenticator(id, Clock.systemUTC());
        for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
          headers.add(client.authorizationHeader(s.hello));
        }
      }
      List<CompletableFuture<HttpResponse<String>>> first = new ArrayList<>();
      List<CompletableFuture<HttpResponse<String>>> second = new ArrayList<>();
      for (String h : headers) {
        first.add(s.getAsync(s.hello, h));
        second.add(s.getAsync(s.hello, h));
      }
      CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      CompletableFuture.allOf(second.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      int accepted = 0;
      int replays = 0;
      for (int i = 0; i < headers.size(); i++) {
        HttpResponse<String> a = first.get(i).join();
        HttpResponse<String> b = second.get(i).join();
        List<Integer> statuses = List.of(a.statusCode(), b.statusCode());
        assertThat(statuses).as("request %d sent twice", i).containsExactlyInAnyOrder(200, 401);
        HttpResponse<String> refused = a.statusCode() == 401 ? a : b;
        assertThat(AuthScenario.code(refused)).isEqualTo("AUTH_NONCE_REUSED");
        accepted++;
        replays++;
      }
      assertThat(accepted).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
      assertThat(replays).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
    }
  }
}
