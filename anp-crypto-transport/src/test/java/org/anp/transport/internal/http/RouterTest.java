package org.anp.transport.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpHandler;
import org.anp.transport.http.HttpResponse;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static HttpHandler named(String name) {
    return r -> CompletableFuture.completedFuture(HttpResponse.text(200, name));
  }

  private static String nameOf(Router.Match m) {
    return new String(m.handler().handle(null).join().body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Router router() {
    Router.Table t = Router.table();
    t.add("GET", "/**", AuthPolicy.NONE, named("root-rest"));
    t.add("GET", "/v1/**", AuthPolicy.NONE, named("v1-rest"));
    t.add("GET", "/v1/did/{did}", AuthPolicy.REQUIRED, named("did"));
    t.add("POST", "/v1/did", AuthPolicy.NONE, named("create"));
    t.add("GET", "/", AuthPolicy.NONE, named("root"));
    return t.freeze();
  }

  @Test
  void literalAndVariableRoutesWinOverPrefixesAndLongerPrefixesOverShorter() {
    Router r = router();
    Router.Match did = r.find("GET", "/v1/did/did%3Aall%3Ax");
    assertThat(nameOf(did)).isEqualTo("did");
    assertThat(did.variables()).containsEntry("did", "did:all:x");
    assertThat(did.policy()).isEqualTo(AuthPolicy.REQUIRED);
    assertThat(nameOf(r.find("GET", "/v1/other/x"))).isEqualTo("v1-rest");
    assertThat(r.find("GET", "/v1/other/x%3Ay").variables()).containsEntry("**", "other/x%3Ay");
    assertThat(nameOf(r.find("GET", "/u/alice/did.json"))).isEqualTo("root-rest");
    assertThat(nameOf(r.find("GET", "/"))).isEqualTo("root");
    assertThat(r.find("HEAD", "/v1/did/x").method()).isEqualTo("GET");
  }

  @Test
  void wrongMethodAndUnknownPath() {
    Router r = router();
    assertThatThrownBy(() -> r.find("DELETE", "/v1/did"))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.METHOD_NOT_ALLOWED));
    assertThat(r.allowedMethods("/v1/did")).containsExactly("GET", "HEAD", "POST");
    Router.Table t = Router.table();
    t.add("PUT", "/only", AuthPolicy.NONE, named("only"));
    Router small = t.freeze();
    assertThatThrownBy(() -> small.find("GET", "/elsewhere"))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.RESOURCE_NOT_FOUND));
    assertThatThrownBy(() -> small.find("GET", "/only/../x"))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.code()).isEqualTo(TransportError.INVALID_MESSAGE));
  }

  @Test
  void variablesNeverMatchEmptySegmentsAndDecodeStrictly() {
    Router r = router();
    assertThat(nameOf(r.find("GET", "/v1/did/"))).isEqualTo("v1-rest");
    for (String bad : new String[] {"/v1/did/%", "/v1/did/%4", "/v1/did/%C3%28", "/v1/did/%2e%2E"}) {
      assertThatThrownBy(() -> r.find("GET", bad)).as(bad).isInstanceOf(TransportException.class);
    }
    assertThat(r.find("GET", "/v1/did/caf%C3%A9").variables()).containsEntry("did", "café");
  }

  @Test
  void badPatternsAreProgrammingErrors() {
    Router.Table t = Router.table();
    for (String bad : new String[] {"", "x", "/a//b", "/**/a", "/{a}/{a}", "/{}", "/a{b}", "/a*"}) {
      assertThatThrownBy(() -> t.add("GET", bad, AuthPolicy.NONE, named("x"))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> t.add("G3T", "/a", AuthPolicy.NONE, named("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
