package org.anp.application.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.anp.application.server.LoopbackAgents;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.resolve.DocumentFetchers;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.transport.http.HttpServer;
import org.anp.transport.relay.RelayServer;

/**
 * A real registry and a real relay on loopback over {@link LoopbackAgents}' resolver, a
 * publisher, and the weather protocol and capability that the registry scenarios publish, load
 * and serve. {@link #close()} closes what was handed to {@link #closeLater} (last first), then
 * the relay and the registry.
 */
public final class WeatherRegistryFixture implements AutoCloseable {
  /** One capability, getWeather: a city in, a temperature out. */
  public static final String CAPABILITIES = """
      {"capabilities":[{"name":"getWeather","description":"Current weather for a city",
        "requestSchema":{"type":"object","properties":{"messageId":{"type":"string"},"city":{"type":"string"}},
          "required":["messageId","city"]},
        "responseSchema":{"type":"object","properties":{"messageId":{"type":"string"},"tempC":{"type":"number"}},
          "required":["messageId","tempC"]}}]}""";
  /** The request and response formats of getWeather, as a protocol document's data format part. */
  public static final String FORMATS = "# Data Format\n## Request Message Format\n```json\n"
      + "{\"type\":\"object\",\"properties\":{\"messageId\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}},"
      + "\"required\":[\"messageId\",\"city\"]}\n```\n\n## Response Message Format\n```json\n"
      + "{\"type\":\"object\",\"properties\":{\"messageId\":{\"type\":\"string\"},\"tempC\":{\"type\":\"number\"}},"
      + "\"required\":[\"messageId\",\"tempC\"]}\n```\n";
  /** The consensus protocol {@link #publish()} publishes. */
  public static final String PROTOCOL = "# Requirements\nCurrent weather for a city.\n\n" + FORMATS;

  private final LoopbackAgents agents;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<JsonNode> served = new CopyOnWriteArrayList<>();
  private final AgentIdentity publisher;
  private final URI registryBase;
  private final URI relayUri;

  private WeatherRegistryFixture(Path dir, LoopbackAgents agents) throws Exception {
    this.agents = agents;
    publisher = agents.identity("publisher");
    HttpServer registry = closeLater(RegistryServer.open(dir, agents.resolver()).mount(agents.server()).build());
    registryBase = LoopbackAgents.start(registry);
    RelayServer relay = closeLater(RelayServer.builder().resolver(agents.resolver()).port(0).build());
    relayUri = relay.start().get(30, TimeUnit.SECONDS);
  }

  /** Starts a registry storing in {@code dir} and a relay, both resolving through {@code agents}. */
  public static WeatherRegistryFixture start(Path dir, LoopbackAgents agents) throws Exception {
    return new WeatherRegistryFixture(dir, agents);
  }

  /** The identity that publishes {@link #PROTOCOL}. */
  public AgentIdentity publisher() {
    return publisher;
  }

  /** The registry's base URL. */
  public URI registryBase() {
    return registryBase;
  }

  /** The relay's WebSocket address. */
  public URI relayUri() {
    return relayUri;
  }

  /** A registry client acting as the publisher, trusting only {@code trustedPublishers}. */
  public RegistryClient registryClient(Set<String> trustedPublishers) {
    return RegistryClient.builder(registryBase)
        .resolver(agents.resolver())
        .trust(TrustPolicy.publishers(trustedPublishers))
        .fetcher(DocumentFetchers.insecureAllowLoopbackHttp())
        .identity(publisher)
        .build();
  }

  /** A registry client acting as the publisher and trusting it. */
  public RegistryClient registryClient() {
    return registryClient(Set.of(publisher.did().toString()));
  }

  /** Publishes {@link #PROTOCOL} signed by the publisher, with its requester form; its reference. */
  public ProtocolReference publish() throws Exception {
    JsonNode requesterForm = SchemaHandlerGenerator.forRequester().generate(PROTOCOL, ViolationSink.NONE).form();
    ProtocolPackage pkg = ProtocolPackage.sign(publisher, "weather", "1.0.0", ProtocolPackage.Format.MARKDOWN,
        PROTOCOL, Optional.of(requesterForm), Clock.systemUTC());
    registryClient().publish(pkg).get(30, TimeUnit.SECONDS);
    return ProtocolReference.of(pkg, registryBase);
  }

  /** {@link #CAPABILITIES}, parsed. */
  public static List<LocalCapability> capabilities() {
    return LocalCapability.parseAll(CAPABILITIES);
  }

  /** getWeather, answering 18.5 degrees C for any city and recording each request in {@link #served()}. */
  public Map<String, CapabilityFunction> functions() {
    CapabilityFunction weather = request -> {
      served.add(request);
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      r.put("messageId", request.path("messageId").asText());
      r.put("tempC", 18.5);
      return r;
    };
    return Map.of("getWeather", weather);
  }

  /** The requests {@link #functions()} served so far. */
  public List<JsonNode> served() {
    return served;
  }

  /** Closes {@code resource} with this fixture, before the relay and registry; returns it. */
  public synchronized <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> resources;
    synchronized (this) {
      resources = new ArrayList<>(closing);
      closing.clear();
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }
}
