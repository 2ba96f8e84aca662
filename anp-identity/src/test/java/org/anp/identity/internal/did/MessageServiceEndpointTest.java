package org.anp.identity.internal.did;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageServiceEndpointTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wss://relay.example.com/ws",
        "WSS://relay.example.com",
        "ws://localhost:8080/ws",
        "ws://127.0.0.1:9000",
        "ws://127.10.0.3/",
        "ws://[::1]:7000/ws"
      })
  void acceptsTlsOrLoopback(String endpoint) {
    assertThatCode(() -> MessageServiceEndpoint.check(endpoint)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ws://relay.example.com/ws",
        "ws://10.0.0.1/ws",
        "ws://127.0.0.1.example.com/",
        "https://relay.example.com",
        "wss:///nohost",
        "relay.example.com",
        "wss://bad host/"
      })
  void refusesEverythingElse(String endpoint) {
    assertThatThrownBy(() -> MessageServiceEndpoint.check(endpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageService endpoint");
  }

  @Test
  void bothIdentityBuildersApplyTheRule() {
    assertThatCode(
            () -> DidWbaIdentity.builder().host("localhost").port(8800).messageService("ws://localhost:9000/ws").build())
        .doesNotThrowAnyException();
    assertThatCode(() -> DidAllIdentity.builder().messageService("ws://127.0.0.1:9000/ws", "").build())
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> DidWbaIdentity.builder().host("a.example").messageService("ws://a.example/ws").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DidAllIdentity.builder().messageService("ws://a.example/ws", "").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
