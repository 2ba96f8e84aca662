package org.anp.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 12, attack 5 on the HTTP server: one address cannot hold every connection. */
class ConnectionsPerAddressTest {
  private final HttpServer server = HttpServer.builder()
      .maxConnectionsPerAddress(3)
      .route("GET", "/hello", r -> CompletableFuture.completedFuture(HttpResponse.text(200, "hello")))
      .build();
  private final int port = server.start().join().getPort();
  private final List<RawHttp> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (RawHttp c : open) {
      c.close();
    }
    server.close();
  }

  private RawHttp served(InetAddress from) throws Exception {
    RawHttp client = new RawHttp(port, from);
    open.add(client);
    client.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
    return client;
  }

  @Test
  void aFourthConnectionFromOneAddressIsRefusedWhileAnotherAddressIsServed() throws Exception {
    InetAddress one = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < 3; i++) {
      assertThat(served(one).read().status()).isEqualTo(200); // kept open (keep-alive)
    }

    RawHttp.Response refused = served(one).read();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body()).contains("RATE_LIMITED").contains("too many connections from this address");

    assertThat(served(InetAddress.getByName("127.0.0.2")).read().status()).isEqualTo(200);
    // the three open connections of the first address still work
    RawHttp first = open.get(0);
    first.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(first.read().body()).isEqualTo("hello");
  }

  @Test
  void aClosedConnectionGivesItsAddressItsSlotBack() throws Exception {
    InetAddress one = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < 3; i++) {
      assertThat(served(one).read().status()).isEqualTo(200);
    }
    RawHttp leaving = open.remove(0);
    leaving.close();
    // the server sees the close on its own time: retry until a new connection is served
    long deadline = System.nanoTime() + 30_000_000_000L;
    int status;
    do {
      RawHttp next = served(one);
      status = next.read().status();
      if (status != 200) {
        open.remove(next);
        next.close();
      }
    } while (status != 200 && System.nanoTime() < deadline);
    assertThat(status).isEqualTo(200);
  }
}
