package org.anp.integration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.spi.DidMethod;
import org.anp.identity.spi.ResolutionContext;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.transport.messenger.AgentMessenger;
import org.anp.transport.messenger.LocalIdentity;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.messenger.SendResult;
import org.anp.transport.relay.RelayEventListener;
import org.anp.transport.relay.RelayServer;

/**
 * The world of the messaging scenarios: DID documents in memory behind a real
 * {@link DidResolver}, relays on loopback port 0 with a tap on every frame they receive, and
 * agents ({@link AgentMessenger}s) whose documents name their relay as messageService.
 * Everything is closed by {@link #close()}.
 */
final class MessagingWorld implements AutoCloseable {
  static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, DidDocument> documents = new ConcurrentHashMap<>();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  /**
   * Every frame any relay of this world received, as text. A concurrent queue, not a
   * CopyOnWriteArrayList: the many-clients run taps ~40,000 frames, and copying the array on each
   * add cost more CPU than the messaging it measured.
   */
  final Collection<String> tapped = new ConcurrentLinkedQueue<>();
  final DidResolver resolver = DidResolver.builder()
      .method(new MapMethod("wba"))
      .method(new MapMethod("all"))
      .cacheSize(0)
      .build();
  private int counter;

  /** One agent: its identity, its messenger and what it received. */
  record Agent(LocalIdentity identity, AgentMessenger messenger, BlockingQueue<ReceivedMessage> inbox,
      BlockingQueue<SendResult> updates) {
    String did() {
      return identity.did().toString();
    }

    ReceivedMessage next() throws InterruptedException {
      ReceivedMessage m = inbox.poll(15, TimeUnit.SECONDS);
      assertThat(m).as("a message for " + did()).isNotNull();
      return m;
    }

    String nextText() throws InterruptedException {
      return new String(next().payload(), StandardCharsets.UTF_8);
    }

    SendResult nextUpdate() throws InterruptedException {
      SendResult r = updates.poll(15, TimeUnit.SECONDS);
      assertThat(r).as("a delivery update for " + did()).isNotNull();
      return r;
    }

    SendResult send(Agent to, String text) {
      return send(to.did(), text);
    }

    SendResult send(String toDid, String text) {
      return messenger.send(Did.parse(toDid), text.getBytes(StandardCharsets.UTF_8)).orTimeout(15, TimeUnit.SECONDS).join();
    }
  }

  private final class MapMethod implements DidMethod {
    private final String name;

    MapMethod(String name) {
      this.name = name;
    }

    @Override
    public String methodName() {
      return name;
    }

    @Override
    public CompletableFuture<DidDocument> resolve(Did did, ResolutionContext context) {
      DidDocument document = documents.get(did.toString());
      return document == null
          ? CompletableFuture.failedFuture(new IdentityException(IdentityError.DID_NOT_FOUND, "no document for " + did))
          : CompletableFuture.completedFuture(document);
    }
  }

  /** A relay on loopback, tapped, configured further by {@code config}; started. */
  RelayServer relay(Consumer<RelayServer.Builder> config) {
    RelayServer.Builder b = RelayServer.builder().resolver(resolver).listener(new RelayEventListener() {
      @Override
      public void frameReceived(String connectionId, byte[] frame) {
        tapped.add(new String(frame, StandardCharsets.UTF_8));
      }
    });
    config.accept(b);
    RelayServer relay = b.build();
    relay.start().join();
    open.add(relay);
    return relay;
  }

  /** A did:wba relay identity (DID, key id, key) with its document published. */
  record RelayIdentity(String did, String keyId, PrivateKeyMaterial key) {}

  synchronized RelayIdentity relayIdentity() {
    DidWbaIdentity id = DidWbaIdentity.builder().host("relays.test").path("r" + (++counter)).random(RANDOM).build();
    documents.put(id.did().toString(), id.document());
    return new RelayIdentity(id.did().toString(), id.did() + "#key-1", id.privateKey("key-1").orElseThrow());
  }

  /** A new did:wba identity whose document names {@code relay} as its messageService. */
  synchronized LocalIdentity wbaIdentity(URI relay) {
    DidWbaIdentity id = DidWbaIdentity.builder().host("agents.test").path("w" + (++counter)).random(RANDOM).build();
    publish(id.document().json(), relay, false);
    return LocalIdentity.from(id);
  }

  /** A new did:all identity (its own router) whose document names {@code relay}. */
  LocalIdentity allIdentity(URI relay) {
    DidAllIdentity id = DidAllIdentity.builder().random(RANDOM).build();
    publish(id.document(), relay, true);
    return LocalIdentity.from(id);
  }

  private void publish(ObjectNode json, URI relay, boolean withRouter) {
    String did = json.get("id").textValue();
    ArrayNode services = json.has("service") ? (ArrayNode) json.get("service") : json.putArray("service");
    ObjectNode s = services.addObject();
    s.put("id", did + "#communication");
    s.put("type", "messageService");
    if (withRouter) {
      s.put("router", did);
    }
    s.put("serviceEndpoint", relay.toString());
    documents.put(did, DidDocument.fromJson(json));
  }

  /** A messenger for {@code identity} on {@code relay}, tuned for tests, not yet started. */
  Agent agent(LocalIdentity identity, URI relay, Consumer<AgentMessenger.Builder> config) {
    AgentMessenger.Builder b = AgentMessenger.builder()
        .identity(identity)
        .relay(relay)
        .resolver(resolver)
        // No shared .random(RANDOM): each messenger keeps its own generator (the default), or 50
        // messengers queue on one SecureRandom lock and the many-clients run measures that lock.
        .sendTimeout(Duration.ofSeconds(15))
        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    config.accept(b);
    AgentMessenger m = b.build();
    open.add(m);
    BlockingQueue<ReceivedMessage> inbox = new LinkedBlockingQueue<>();
    BlockingQueue<SendResult> updates = new LinkedBlockingQueue<>();
    m.onMessage(inbox::add);
    m.onDeliveryUpdate(updates::add);
    return new Agent(identity, m, inbox, updates);
  }

  /** {@link #agent} with the defaults, started. */
  Agent started(LocalIdentity identity, URI relay) {
    Agent a = agent(identity, relay, b -> { });
    a.messenger().start().orTimeout(15, TimeUnit.SECONDS).join();
    return a;
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(open);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing is best effort: one failure must not keep the others open.
      }
    }
  }
}
