package org.anp.transport.hosting;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.anp.identity.json.StrictJson;

/** A JDK HTTP client for the hosting tests. */
final class TestHttp {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  HttpResponse<byte[]> send(String method, URI uri, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .method(method, body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), BodyHandlers.ofByteArray());
  }

  static String code(HttpResponse<byte[]> response) {
    JsonNode json = StrictJson.parse(response.body(), 1 << 20);
    return json.get("code").asText();
  }
}
