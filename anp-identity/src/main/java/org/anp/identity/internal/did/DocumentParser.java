package org.anp.identity.internal.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidUrl;
import org.anp.identity.did.DocumentProof;
import org.anp.identity.did.Service;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;

/**
 * Turns a JSON tree into the parts of a DID document, checking structure and references. The
 * result is handed to {@code DidDocument}, which keeps the tree; the parts refer into it, so the
 * caller hands over a tree nobody else holds.
 */
public final class DocumentParser {
  /** The JSON-LD context every DID document with an {@code @context} must list. */
  public static final String DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1";

  private DocumentParser() {}

  /** The checked parts of a document; {@code methodsById} holds listed and embedded methods. */
  public record Parsed(
      ObjectNode json,
      Did id,
      List<String> contexts,
      List<VerificationMethod> verificationMethods,
      Map<String, VerificationMethod> methodsById,
      Map<VerificationRelationship, List<String>> references,
      List<Service> services,
      Optional<DocumentProof> proof) {}

  /**
   * Parses {@code root}; {@code methods} makes each verification method from its checked parts
   * (the public type's constructor for parsed methods is not public).
   */
  public static Parsed parse(JsonNode root, Function<VerificationMethodParser.Parts, VerificationMethod> methods) {
    ObjectNode doc = JsonFields.object(root, "document");
    List<String> contexts = contexts(doc);
    String idText = JsonFields.requiredString(doc, "id", "");
    Did id;
    try {
      id = Did.parse(idText);
    } catch (IdentityException e) {
      throw JsonFields.invalid("id", "not a DID: " + JsonFields.detail(e));
    }
    checkController(doc);

    Map<String, VerificationMethod> byId = new LinkedHashMap<>();
    List<VerificationMethod> listed = new ArrayList<>();
    Optional<ArrayNode> vms = JsonFields.optionalArray(doc, "verificationMethod", "");
    if (vms.isPresent()) {
      for (int i = 0; i < vms.get().size(); i++) {
        String path = JsonFields.element("verificationMethod", i);
        VerificationMethod vm = methods.apply(VerificationMethodParser.parse(vms.get().get(i), path));
        register(byId, vm, path);
        listed.add(vm);
      }
    }

    // Embedded methods first, so that a reference may point at a method embedded elsewhere.
    Map<VerificationRelationship, List<Object>> entries = new EnumMap<>(VerificationRelationship.class);
    for (VerificationRelationship rel : VerificationRelationship.values()) {
      Optional<ArrayNode> array = JsonFields.optionalArray(doc, rel.propertyName(), "");
      List<Object> items = new ArrayList<>();
      if (array.isPresent()) {
        for (int i = 0; i < array.get().size(); i++) {
          String path = JsonFields.element(rel.propertyName(), i);
          JsonNode entry = array.get().get(i);
          if (entry.isObject()) {
            VerificationMethod vm = methods.apply(VerificationMethodParser.parse(entry, path));
            register(byId, vm, path);
            items.add(vm);
          } else if (entry.isTextual()) {
            items.add(new Reference(entry.textValue(), path));
          } else {
            throw JsonFields.invalid(path, "expected string or object, found " + JsonFields.kind(entry));
          }
        }
      }
      entries.put(rel, items);
    }

    Map<VerificationRelationship, List<String>> references = new EnumMap<>(VerificationRelationship.class);
    for (Map.Entry<VerificationRelationship, List<Object>> e : entries.entrySet()) {
      List<String> ids = new ArrayList<>();
      for (Object item : e.getValue()) {
        if (item instanceof VerificationMethod) {
          ids.add(((VerificationMethod) item).id());
        } else {
          ids.add(resolveReference((Reference) item, id, byId));
        }
      }
      references.put(e.getKey(), List.copyOf(ids));
    }

    List<Service> services = services(doc);
    Optional<DocumentProof> proof = proof(doc);
    return new Parsed(doc, id, contexts, List.copyOf(listed), byId, references, services, proof);
  }

  private record Reference(String text, String path) {}

  private static void register(Map<String, VerificationMethod> byId, VerificationMethod vm, String path) {
    if (byId.putIfAbsent(vm.id(), vm) != null) {
      throw JsonFields.invalid(JsonFields.child(path, "id"), "duplicate verification method id '" + vm.id() + "'");
    }
  }

  // A relative "#fragment" is resolved against the document id. A reference into this document
  // must name a method it declares; a reference to another DID's method is kept as it is.
  private static String resolveReference(
      Reference ref, Did documentId, Map<String, VerificationMethod> byId) {
    String absolute;
    if (ref.text().startsWith("#")) {
      try {
        absolute = DidUrl.withFragment(documentId, ref.text().substring(1)).toString();
      } catch (IdentityException e) {
        throw JsonFields.invalid(ref.path(), "not a valid fragment reference: " + JsonFields.detail(e));
      }
    } else {
      absolute = VerificationMethodParser.checkAbsoluteWithFragment(ref.text(), ref.path()).toString();
    }
    boolean sameDid = DidUrl.parse(absolute).did().equals(documentId);
    if (sameDid && !byId.containsKey(absolute)) {
      throw JsonFields.invalid(ref.path(), "reference '" + ref.text() + "' names no verification method of this document");
    }
    return absolute;
  }

  private static List<String> contexts(ObjectNode doc) {
    JsonNode node = doc.get("@context");
    if (node == null) {
      return List.of();
    }
    List<String> contexts = new ArrayList<>();
    if (node.isTextual()) {
      contexts.add(node.textValue());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode entry = node.get(i);
        if (entry.isTextual()) {
          contexts.add(entry.textValue());
        } else if (!entry.isObject()) {
          throw JsonFields.invalid(JsonFields.element("@context", i), "expected string or object, found " + JsonFields.kind(entry));
        }
      }
    } else {
      throw JsonFields.invalid("@context", "expected string or array, found " + JsonFields.kind(node));
    }
    if (!contexts.contains(DID_V1_CONTEXT)) {
      throw JsonFields.invalid("@context", "must include " + DID_V1_CONTEXT);
    }
    return List.copyOf(contexts);
  }

  private static void checkController(ObjectNode doc) {
    JsonNode node = doc.get("controller");
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkDid(node.get(i), JsonFields.element("controller", i));
      }
    } else {
      checkDid(node, "controller");
    }
  }

  private static void checkDid(JsonNode node, String path) {
    String text = JsonFields.string(node, path);
    try {
      Did.parse(text);
    } catch (IdentityException e) {
      throw JsonFields.invalid(path, "not a DID: " + JsonFields.detail(e));
    }
  }

  private static List<Service> services(ObjectNode doc) {
    Optional<ArrayNode> array = JsonFields.optionalArray(doc, "service", "");
    if (array.isEmpty()) {
      return List.of();
    }
    List<Service> services = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.get().size(); i++) {
      String path = JsonFields.element("service", i);
      ObjectNode s = JsonFields.object(array.get().get(i), path);
      String id = JsonFields.requiredString(s, "id", path);
      if (id.isEmpty()) {
        throw JsonFields.invalid(JsonFields.child(path, "id"), "empty");
      }
      if (!ids.add(id)) {
        throw JsonFields.invalid(JsonFields.child(path, "id"), "duplicate service id '" + id + "'");
      }
      String type = JsonFields.requiredString(s, "type", path);
      JsonNode endpoint = s.get("serviceEndpoint");
      String endpointPath = JsonFields.child(path, "serviceEndpoint");
      if (endpoint == null) {
        throw JsonFields.invalid(endpointPath, "missing");
      }
      checkEndpoint(endpoint, endpointPath);
      services.add(new Service(id, type, endpoint, s));
    }
    return List.copyOf(services);
  }

  private static void checkEndpoint(JsonNode endpoint, String path) {
    if (endpoint.isTextual() || endpoint.isObject()) {
      return;
    }
    if (endpoint.isArray()) {
      for (int i = 0; i < endpoint.size(); i++) {
        JsonNode e = endpoint.get(i);
        if (!e.isTextual() && !e.isObject()) {
          throw JsonFields.invalid(JsonFields.element(path, i), "expected string or object, found " + JsonFields.kind(e));
        }
      }
      return;
    }
    throw JsonFields.invalid(path, "expected string, object or array, found " + JsonFields.kind(endpoint));
  }

  private static Optional<DocumentProof> proof(ObjectNode doc) {
    JsonNode node = doc.get("proof");
    if (node == null) {
      return Optional.empty();
    }
    ObjectNode p = JsonFields.object(node, "proof");
    return Optional.of(
        new DocumentProof(
            JsonFields.requiredString(p, "type", "proof"),
            JsonFields.optionalString(p, "cryptosuite", "proof"),
            JsonFields.requiredString(p, "created", "proof"),
            JsonFields.requiredString(p, "verificationMethod", "proof"),
            JsonFields.requiredString(p, "proofPurpose", "proof"),
            JsonFields.requiredString(p, "proofValue", "proof"),
            p));
  }
}
