package org.anp.transport.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.limits.MetricsRegistry;
import org.anp.identity.limits.PrometheusText;
import org.anp.identity.resolve.DidResolver;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;
import org.anp.transport.testing.ManualClock;
import org.anp.transport.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the DID host under abuse, on a real server on loopback. Creating documents is limited
 * per remote address, and a deleted DID cannot be taken over by other keys while its tombstone
 * lasts.
 */
class DidHostAbuseTest {
  private static final int QUOTA = 20;

  private final TestHttp http = new TestHttp();
  private final DidDocumentStore store = DidDocumentStore.inMemory();
  private final ManualClock clock = new ManualClock(Instant.now());
  private final MetricsRegistry metrics = MetricsRegistry.create();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() {
    DidWbaHosting hosting = DidWbaHosting.builder().store(store).domains("localhost")
        .creationsPerAddress(QUOTA, Duration.ofHours(1))
        .tombstone(Duration.ofDays(30))
        .clock(clock)
        .metrics(metrics)
        .build();
    DidWbaVerifier verifier = DidWbaVerifier.builder()
        .resolver(hosting.localResolver(DidResolver.builder().methodsFromServiceLoader().build()))
        .audience("localhost").build();
    server = hosting.addRoutes(HttpServer.builder().authentication(verifier)).build();
    port = server.start().join().getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void threeHundredCreationsFromOneAddressMeetTheQuota() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    List<DidWbaIdentity> ids = new ArrayList<>();
    String code = "";
    for (int i = 0; i < 300; i++) {
      DidWbaIdentity id = DidWbaIdentity.builder().host("localhost").port(port).path("flood/d" + i).build();
      ids.add(id);
      HttpResponse<byte[]> r = http.send("PUT", url(id), id.document().toBytes());
      statuses.add(r.statusCode());
      if (r.statusCode() != 201) {
        code = TestHttp.code(r);
      }
    }
    assertThat(statuses.subList(0, QUOTA)).containsOnly(201);
    assertThat(statuses.subList(QUOTA, 300)).containsOnly(429);
    assertThat(code).isEqualTo("RATE_LIMITED");
    assertThat(PrometheusText.render(metrics))
        .contains("anp_limit_refusals_total{limit=\"did_host_creations_per_address\"} " + (300 - QUOTA));
    assertThat(store.get(ids.get(QUOTA).did())).isEmpty();
    // reading and replacing are not creations: they still work for the address
    DidWbaIdentity first = ids.get(0);
    assertThat(http.send("GET", url(first), new byte[0]).statusCode()).isEqualTo(200);
    assertThat(http.send("PUT", url(first), first.document().toBytes(), "Authorization", authorization(first, url(first)))
        .statusCode()).isEqualTo(200);
    // a new window gives the address a new quota
    clock.advance(Duration.ofHours(1));
    DidWbaIdentity later = DidWbaIdentity.builder().host("localhost").port(port).path("later").build();
    assertThat(http.send("PUT", url(later), later.document().toBytes()).statusCode()).isEqualTo(201);
  }

  @Test
  void anotherAddressStillCreatesWhenOneHasUsedItsQuota() throws Exception {
    for (int i = 0; i < QUOTA; i++) {
      DidWbaIdentity id = DidWbaIdentity.builder().host("localhost").port(port).path("one/d" + i).build();
      assertThat(http.send("PUT", url(id), id.document().toBytes()).statusCode()).isEqualTo(201);
    }
    DidWbaIdentity refused = DidWbaIdentity.builder().host("localhost").port(port).path("one/over").build();
    assertThat(http.send("PUT", url(refused), refused.document().toBytes()).statusCode()).isEqualTo(429);

    // the same request from another loopback address (127.0.0.2) has a quota of its own
    DidWbaIdentity other = DidWbaIdentity.builder().host("localhost").port(port).path("two/d0").build();
    assertThat(putFrom(InetAddress.getByName("127.0.0.2"), url(other), other.document().toBytes())).startsWith("HTTP/1.1 201");
    assertThat(store.get(other.did())).isPresent();
  }

  /** A PUT over a socket bound to {@code from}; returns the status line. */
  private String putFrom(InetAddress from, URI url, byte[] body) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
      socket.setSoTimeout(30_000);
      String head = "PUT " + url.getRawPath() + " HTTP/1.1\r\nHost: localhost:" + port
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return String.valueOf(in.readLine());
    }
  }

  @Test
  void aDeletedPathIsNotRecreatableByOtherKeysUntilItsTombstoneExpires() throws Exception {
    DidWbaIdentity owner = plain("u/alice");
    DidWbaIdentity squatter = plain("u/alice");
    assertThat(squatter.did()).isEqualTo(owner.did());
    assertThat(http.send("PUT", url(owner), owner.document().toBytes()).statusCode()).isEqualTo(201);
    HttpResponse<byte[]> deleted = http.send("DELETE", url(owner), new byte[0],
        "Authorization", authorization(owner, url(owner)));
    assertThat(deleted.statusCode()).isEqualTo(204);

    HttpResponse<byte[]> takeover = http.send("PUT", url(squatter), squatter.document().toBytes());
    assertThat(takeover.statusCode()).isEqualTo(403);
    assertThat(TestHttp.code(takeover)).isEqualTo("FORBIDDEN");
    assertThat(store.get(owner.did())).isEmpty();

    assertThat(http.send("PUT", url(owner), owner.document().toBytes()).statusCode()).isEqualTo(201);
    assertThat(store.get(owner.did())).hasValue(owner.document().toBytes());

    // after the tombstone's time, the path is free again
    assertThat(http.send("DELETE", url(owner), new byte[0], "Authorization", authorization(owner, url(owner)))
        .statusCode()).isEqualTo(204);
    clock.advance(Duration.ofDays(30));
    assertThat(http.send("PUT", url(squatter), squatter.document().toBytes()).statusCode()).isEqualTo(201);
  }

  private DidWbaIdentity plain(String path) {
    return DidWbaIdentity.builder().host("localhost").port(port).path(path).profile(DidWbaProfile.PLAIN_LEGACY).build();
  }

  private URI url(DidWbaIdentity id) {
    return URI.create("http://localhost:" + port + id.didWba().documentUrl().getRawPath());
  }

  private static String authorization(DidWbaIdentity id, URI target) {
    return DidWbaAuthenticator.builder().did(id.did()).signingKey("key-1", id.privateKey("key-1").orElseThrow())
        .build().authorizationHeader(target);
  }
}
