package org.anp.identity.did;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.did.DocumentParser;
import org.anp.identity.json.StrictJson;

/**
 * A parsed, checked DID document (W3C DID Core 1.0 section 5; spec/identity.md 1.3).
 *
 * <p>Parsing is strict and all-or-nothing: {@code id} must be a valid DID; {@code @context}, if
 * present, a string or array that lists {@code https://www.w3.org/ns/did/v1}; every verification
 * method (listed or embedded in a relationship) well typed, with an absolute DID URL id that is
 * unique in the document and key material that decodes, has the right length and fits its type
 * (the curve point itself is checked when the method's key is first used, decision 0007). Relationship entries are
 * embedded methods or references; a relative {@code #fragment} reference is resolved against the
 * document id, a reference into this document must name one of its methods, and a reference to
 * another DID's method is kept (see {@link #references}) but never returned as a method. Members
 * this class does not model are kept untouched in {@link #json()}.
 *
 * <p>Immutable and thread-safe. Each key is decoded once, on first use, and then kept, so a cached
 * document verifies quickly and a key the caller never uses costs nothing.
 *
 * <p>Errors: {@link IdentityException} with {@code INPUT_TOO_LARGE}, {@code INVALID_JSON},
 * {@code INVALID_DOCUMENT} (the message starts with the JSON path, e.g.
 * {@code verificationMethod[1].controller: expected string}), {@code UNSUPPORTED_VERIFICATION_METHOD},
 * {@code INVALID_KEY}, {@code UNSUPPORTED_KEY_TYPE} or {@code INVALID_ENCODING}.
 */
public final class DidDocument {
  /** The default size limit of {@link #parse(byte[])}: 64 KiB. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private final ObjectNode json;
  private final Did id;
  private final List<String> contexts;
  private final List<VerificationMethod> verificationMethods;
  private final Map<String, VerificationMethod> methodsById;
  private final Map<VerificationRelationship, List<String>> references;
  private final Map<VerificationRelationship, List<VerificationMethod>> methods;
  private final List<Service> services;
  private final Optional<DocumentProof> proof;

  // The parsed tree is this document's own: no one else holds it, and it is never changed.
  private DidDocument(DocumentParser.Parsed parsed) {
    this.json = parsed.json();
    this.id = parsed.id();
    this.contexts = List.copyOf(parsed.contexts());
    this.verificationMethods = List.copyOf(parsed.verificationMethods());
    this.methodsById = Collections.unmodifiableMap(new LinkedHashMap<>(parsed.methodsById()));
    Map<VerificationRelationship, List<String>> refs = new EnumMap<>(VerificationRelationship.class);
    Map<VerificationRelationship, List<VerificationMethod>> resolved = new EnumMap<>(VerificationRelationship.class);
    for (VerificationRelationship rel : VerificationRelationship.values()) {
      List<String> ids = parsed.references().getOrDefault(rel, List.of());
      refs.put(rel, List.copyOf(ids));
      List<VerificationMethod> vms = new ArrayList<>();
      for (String vmId : ids) {
        VerificationMethod vm = methodsById.get(vmId);
        if (vm != null && !vms.contains(vm)) {
          vms.add(vm);
        }
      }
      resolved.put(rel, List.copyOf(vms));
    }
    this.references = Collections.unmodifiableMap(refs);
    this.methods = Collections.unmodifiableMap(resolved);
    this.services = List.copyOf(parsed.services());
    this.proof = parsed.proof();
  }

  /**
   * Parses UTF-8 JSON of at most {@link #DEFAULT_MAX_BYTES} bytes.
   *
   * @throws IdentityException see the class description
   */
  public static DidDocument parse(byte[] utf8) {
    return parse(utf8, DEFAULT_MAX_BYTES);
  }

  /**
   * Parses UTF-8 JSON of at most {@code maxBytes} bytes; longer input fails with
   * {@code INPUT_TOO_LARGE} before any parsing.
   *
   * @throws IdentityException see the class description
   */
  public static DidDocument parse(byte[] utf8, int maxBytes) {
    Objects.requireNonNull(utf8, "utf8");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (utf8.length > maxBytes) {
      throw new IdentityException(
          IdentityError.INPUT_TOO_LARGE,
          "document: " + utf8.length + " bytes exceed the limit of " + maxBytes);
    }
    return of(StrictJson.parse(utf8, maxBytes));
  }

  /**
   * Builds a document from a JSON tree (copied; later changes to {@code json} have no effect).
   *
   * @throws IdentityException see the class description
   */
  public static DidDocument fromJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    return of(json.deepCopy());
  }

  private static DidDocument of(JsonNode ownTree) {
    return new DidDocument(DocumentParser.parse(ownTree, VerificationMethod::parsed));
  }

  /** The DID this document describes. */
  public Did id() {
    return id;
  }

  /** The string entries of {@code @context} in order; empty when the member is absent. */
  public List<String> contexts() {
    return contexts;
  }

  /** The methods of the {@code verificationMethod} member, in order. */
  public List<VerificationMethod> verificationMethods() {
    return verificationMethods;
  }

  /**
   * The method with this id, listed or embedded in a relationship. Accepts an absolute id,
   * {@code #fragment} or a bare fragment (resolved against {@link #id()}).
   */
  public Optional<VerificationMethod> verificationMethod(String idOrFragment) {
    return Optional.ofNullable(methodsById.get(absolute(idOrFragment)));
  }

  /** The methods of one relationship that this document declares (embedded or referenced). */
  public List<VerificationMethod> methods(VerificationRelationship relationship) {
    return methods.get(Objects.requireNonNull(relationship, "relationship"));
  }

  /**
   * The method with this id if the relationship lists it (embedded or by reference); empty if the
   * method is absent or only declared for other relationships.
   */
  public Optional<VerificationMethod> method(VerificationRelationship relationship, String idOrFragment) {
    String wanted = absolute(idOrFragment);
    for (VerificationMethod vm : methods(relationship)) {
      if (vm.id().equals(wanted)) {
        return Optional.of(vm);
      }
    }
    return Optional.empty();
  }

  /**
   * The absolute ids a relationship lists, in order, including references to methods of other
   * DIDs that this document cannot resolve.
   */
  public List<String> references(VerificationRelationship relationship) {
    return references.get(Objects.requireNonNull(relationship, "relationship"));
  }

  /** The {@code service} entries, in order. */
  public List<Service> services() {
    return services;
  }

  /** The first service of the given type. */
  public Optional<Service> serviceOfType(String type) {
    Objects.requireNonNull(type, "type");
    return services.stream().filter(s -> s.type().equals(type)).findFirst();
  }

  /** The {@code proof} member, if present. */
  public Optional<DocumentProof> proof() {
    return proof;
  }

  /** A copy of the document exactly as parsed, unknown members included. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** A copy of the document without its {@code proof} member (the input of proof verification). */
  public ObjectNode jsonWithoutProof() {
    ObjectNode copy = json.deepCopy();
    copy.remove("proof");
    return copy;
  }

  /** {@link #json()} as compact UTF-8 JSON. */
  public byte[] toBytes() {
    try {
      return StrictJson.mapper().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      // A tree built by the parser always serialises; failing here is a bug.
      throw new IllegalStateException("cannot serialise a parsed document", e);
    }
  }

  private String absolute(String idOrFragment) {
    Objects.requireNonNull(idOrFragment, "idOrFragment");
    if (idOrFragment.startsWith("#")) {
      return id + idOrFragment;
    }
    if (idOrFragment.startsWith("did:")) {
      return idOrFragment;
    }
    return id + "#" + idOrFragment;
  }

  /** Equal when the parsed JSON is equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DidDocument && ((DidDocument) o).json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "DidDocument[" + id + "]";
  }
}
