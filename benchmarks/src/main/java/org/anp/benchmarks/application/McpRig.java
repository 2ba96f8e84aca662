package org.anp.benchmarks.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * What a Java developer would use instead of ANP for the same call: the MCP Java SDK (2.2.0)
 * with its Streamable HTTP server transport ({@link HttpServletStreamableServerTransportProvider},
 * a servlet, in embedded Tomcat 11 on loopback) serving one tool, {@code echo}, that returns its
 * two arguments as structured content; and the SDK's own client ({@link McpSyncClient} over
 * {@link HttpClientStreamableHttpTransport}, the JDK HTTP client at HTTP/1.1), initialized once.
 * SDK defaults otherwise (tool input validation included); no authentication, as MCP's HTTP
 * transport has none of its own.
 */
final class McpRig implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path baseDir;
  private final Tomcat tomcat;
  private final McpSyncServer server;
  private final McpSyncClient client;

  McpRig() throws Exception {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    McpSchema.Tool tool = McpSchema.Tool.builder()
        .name(Payload.METHOD)
        .description("Returns its parameters")
        .inputSchema(Map.of(
            "type", "object",
            "properties", Map.of("text", Map.of("type", "string"), "count", Map.of("type", "integer")),
            "required", List.of("text", "count")))
        .build();
    server = McpServer.sync(transport)
        .serverInfo("echo", "1.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(McpServerFeatures.SyncToolSpecification.builder()
            .tool(tool)
            .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                .structuredContent(Map.of("text", request.arguments().get("text"), "count", request.arguments().get("count")))
                .build())
            .build())
        .build();

    baseDir = Files.createTempDirectory("mcp-bench-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServletMappingDecoded("/mcp", "mcp");
    tomcat.start();

    HttpClientStreamableHttpTransport clientTransport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + connector.getLocalPort())
            .endpoint("/mcp")
            .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)))
            .build();
    client = McpClient.sync(clientTransport).requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
  }

  /** Calls the tool and converts its structured result to {@link EchoService.Echo}. */
  EchoService.Echo call() {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(Payload.METHOD, Payload.PARAMS));
    if (Boolean.TRUE.equals(result.isError())) {
      throw new IllegalStateException("tool error: " + result.content());
    }
    return JSON.convertValue(result.structuredContent(), EchoService.Echo.class);
  }

  @Override
  public void close() throws Exception {
    client.close();
    server.close();
    tomcat.stop();
    tomcat.destroy();
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a temporary directory; leaving it behind is harmless
        }
      });
    }
  }
}
