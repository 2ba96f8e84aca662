package org.anp.application.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.internal.registry.FileRegistryStore;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpRequest;
import org.anp.transport.http.HttpResponse;
import org.anp.transport.http.HttpServer;

/**
 * A protocol registry served over HTTP (white paper 2.3: protocols published like packages),
 * mounted on an {@link HttpServer.Builder} under {@code /registry}:
 *
 * <ul>
 *   <li>{@code POST /registry/packages} (DID authentication required): publishes a signed {@link
 *       ProtocolPackage}; the authenticated caller must be its publisher ({@code SIGNER_MISMATCH},
 *       403) and its proof must verify ({@code INVALID_PROOF}); a name belongs to its first
 *       publisher and a version is immutable ({@code CONFLICT}, 409). 201 with {@code
 *       {"hash","name","version"}}, 200 if the same package was already there;
 *   <li>{@code GET /registry/packages/{name}}: {@code {"name","publisher","versions":{version:
 *       hash}}};
 *   <li>{@code GET /registry/packages/{name}/{version}} and {@code GET
 *       /registry/hashes/{hash}}: the signed package as published.
 * </ul>
 *
 * Errors are {@code {"error":{"code","message"}}} with the code's HTTP status. Packages are kept
 * as files in one directory (atomic writes) and survive restarts.
 *
 * <p>Thread-safe.
 */
public final class RegistryServer {
  /** The path prefix of the registry's routes. */
  public static final String BASE_PATH = "/registry";

  private final FileRegistryStore store;
  private final PackageVerifier verifier;

  private RegistryServer(FileRegistryStore store, PackageVerifier verifier) {
    this.store = store;
    this.verifier = verifier;
  }

  /**
   * A registry keeping its packages in {@code directory} (created if needed, read at once) and
   * resolving publishers with {@code resolver}.
   */
  public static RegistryServer open(Path directory, DidResolver resolver) {
    Objects.requireNonNull(directory, "directory");
    return new RegistryServer(FileRegistryStore.open(directory), new PackageVerifier(resolver));
  }

  /** Adds the registry's routes to {@code server} (which needs {@code authentication(...)}). */
  public HttpServer.Builder mount(HttpServer.Builder server) {
    server.route("POST", BASE_PATH + "/packages", AuthPolicy.REQUIRED, this::publish);
    server.route("GET", BASE_PATH + "/packages/{name}", r -> guarded(() -> versions(r.pathVariable("name"))));
    server.route("GET", BASE_PATH + "/packages/{name}/{version}", r -> guarded(() -> raw(
        store.get(r.pathVariable("name"), r.pathVariable("version")).orElseThrow(() -> notFound("package")))));
    server.route("GET", BASE_PATH + "/hashes/{hash}", r -> guarded(() -> raw(
        store.byHash(r.pathVariable("hash")).orElseThrow(() -> notFound("hash")))));
    return server;
  }

  private CompletableFuture<HttpResponse> publish(HttpRequest request) {
    ProtocolPackage pkg;
    try {
      pkg = ProtocolPackage.parse(request.body());
      String caller = request.caller().orElseThrow().did().toString();
      if (!caller.equals(pkg.publisher())) {
        throw new ApplicationException(ApplicationError.SIGNER_MISMATCH,
            "publisher: " + pkg.publisher() + " is not the authenticated caller");
      }
    } catch (ApplicationException e) {
      return CompletableFuture.completedFuture(error(e));
    }
    return verifier.verify(pkg).thenApply(verified -> {
      boolean added = store.put(verified);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("hash", verified.contentHash());
      out.put("name", verified.name());
      out.put("version", verified.version());
      return HttpResponse.json(added ? 201 : 200, out);
    }).exceptionally(RegistryServer::error);
  }

  private HttpResponse versions(String name) {
    Map<String, String> v = store.versions(name);
    if (v.isEmpty()) {
      throw notFound("name");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("name", name);
    out.put("publisher", store.names().get(name));
    ObjectNode versions = out.putObject("versions");
    new java.util.TreeMap<>(v).forEach(versions::put);
    return HttpResponse.json(200, out);
  }

  private static HttpResponse raw(ProtocolPackage pkg) {
    return HttpResponse.of(200, "application/json", pkg.toBytes());
  }

  private static CompletableFuture<HttpResponse> guarded(java.util.function.Supplier<HttpResponse> handler) {
    try {
      return CompletableFuture.completedFuture(handler.get());
    } catch (ApplicationException e) {
      return CompletableFuture.completedFuture(error(e));
    }
  }

  private static ApplicationException notFound(String what) {
    return new ApplicationException(ApplicationError.NOT_FOUND, what + ": not in this registry");
  }

  private static HttpResponse error(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    ApplicationException e = cause instanceof ApplicationException a ? a
        : new ApplicationException(ApplicationError.INTERNAL_ERROR, "registry: internal error");
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode err = out.putObject("error");
    err.put("code", e.code().name());
    err.put("message", e.code() == ApplicationError.INTERNAL_ERROR ? "internal error" : e.getMessage());
    return HttpResponse.json(e.code().httpStatus(), out);
  }
}
