package org.anp.identity.internal.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidUrl;
import org.anp.identity.did.VerificationMethodType;

/** Parses one verification method object (W3C DID Core 1.0 section 5.2). */
public final class VerificationMethodParser {
  private VerificationMethodParser() {}

  /**
   * The checked members of one method; {@code json} is the parsed node itself, not a copy.
   *
   * @param key the key, checked for shape and decoded on first use
   */
  public record Parts(String id, VerificationMethodType type, String controller, DeferredPublicKey key, ObjectNode json) {}

  /**
   * Parses {@code node}, whose JSON path is {@code path}. The id must be an absolute DID URL with a
   * fragment (spec/identity.md 1.2: every DID URL inside a document is absolute).
   */
  public static Parts parse(JsonNode node, String path) {
    ObjectNode vm = JsonFields.object(node, path);
    String id = JsonFields.requiredString(vm, "id", path);
    checkAbsoluteWithFragment(id, JsonFields.child(path, "id"));
    String typeName = JsonFields.requiredString(vm, "type", path);
    VerificationMethodType type;
    try {
      type = VerificationMethodType.fromWireName(typeName);
    } catch (IdentityException e) {
      throw JsonFields.at(path, e);
    }
    String controller = JsonFields.requiredString(vm, "controller", path);
    try {
      Did.parse(controller);
    } catch (IdentityException e) {
      throw JsonFields.invalid(JsonFields.child(path, "controller"), "not a DID: " + JsonFields.detail(e));
    }
    DeferredPublicKey key = KeyMaterialDecoder.decode(type, vm, path);
    return new Parts(id, type, controller, key, vm);
  }

  /** Returns the parsed id, or throws {@code INVALID_DOCUMENT} naming {@code path}. */
  static DidUrl checkAbsoluteWithFragment(String id, String path) {
    if (id.startsWith("#") || id.startsWith("/") || id.startsWith("?")) {
      throw JsonFields.invalid(path, "must be an absolute DID URL, found relative '" + id + "'");
    }
    DidUrl url;
    try {
      url = DidUrl.parse(id);
    } catch (IdentityException e) {
      throw JsonFields.invalid(path, "not a DID URL: " + JsonFields.detail(e));
    }
    if (url.fragment().isEmpty() || url.fragment().get().isEmpty()) {
      throw JsonFields.invalid(path, "a verification method id needs a fragment");
    }
    return url;
  }
}
