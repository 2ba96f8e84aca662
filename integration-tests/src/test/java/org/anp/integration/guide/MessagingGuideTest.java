package org.anp.integration.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.resolve.DirectoryDidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.DeliveryStatus;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messaging walk-through of {@code docs/guide.md}, kept compiling and passing: a relay, two
 * agents that name it as their message service, one end-to-end encrypted message.
 */
class MessagingGuideTest {
  @TempDir Path documents;

  @Test
  void twoAgentsTalkThroughARelayThatCannotReadThem() throws Exception {
    // A relay (port 0: any free port) that resolves DIDs from a directory of documents.
    DidResolver resolver = DirectoryDidResolver.of(documents);
    try (RelayServer relay = RelayServer.builder().resolver(resolver).port(0).build()) {
      URI relayUri = relay.start().join();

      // Two agents whose DID documents name that relay as their message service.
      DidWbaIdentity alice = DidWbaIdentity.builder().host("alice.example").messageService(relayUri.toString()).build();
      DidWbaIdentity bob = DidWbaIdentity.builder().host("bob.example").messageService(relayUri.toString()).build();
      Files.write(documents.resolve("alice.json"), alice.document().toBytes());
      Files.write(documents.resolve("bob.json"), bob.document().toBytes());

      try (AgentMessenger aliceMessenger =
              AgentMessenger.builder().identity(alice).relay(relayUri).resolver(resolver).build();
          AgentMessenger bobMessenger =
              AgentMessenger.builder().identity(bob).relay(relayUri).resolver(resolver).build()) {
        BlockingQueue<ReceivedMessage> bobInbox = new LinkedBlockingQueue<>();
        bobMessenger.onMessage(bobInbox::add);
        bobMessenger.start().get(15, TimeUnit.SECONDS);

        // The handshake, the encryption and the relay's acknowledgement happen underneath.
        SendResult sent =
            aliceMessenger.send(bob.did(), "hello, bob".getBytes(UTF_8)).get(15, TimeUnit.SECONDS);
        assertThat(sent.status()).isEqualTo(DeliveryStatus.DELIVERED);

        ReceivedMessage received = bobInbox.poll(15, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.senderDid()).isEqualTo(alice.did());
        assertThat(new String(received.payload(), UTF_8)).isEqualTo("hello, bob");
      }
    }
  }
}
