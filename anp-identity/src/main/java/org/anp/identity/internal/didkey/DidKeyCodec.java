package org.anp.identity.internal.didkey;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Multibase;
import org.anp.identity.codec.Multicodec;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.internal.did.DocumentParser;
import org.anp.identity.internal.did.JsonFields;
import org.anp.identity.internal.did.KeyMaterialDecoder;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * did:key (W3C CCG did:key 0.7): {@code did:key:z<base58btc(multicodec ‖ key)>}, EC keys as
 * 33-byte compressed points, and the document expanded from it.
 */
public final class DidKeyCodec {
  public static final String METHOD = "key";
  static final String MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";
  private static final List<VerificationRelationship> SIGNING =
      List.of(
          VerificationRelationship.AUTHENTICATION,
          VerificationRelationship.ASSERTION_METHOD,
          VerificationRelationship.CAPABILITY_INVOCATION,
          VerificationRelationship.CAPABILITY_DELEGATION);

  private DidKeyCodec() {}

  public static Did toDid(PublicKeyMaterial key) {
    byte[] bytes = key.type().isEc() ? key.compressed() : key.raw();
    Multicodec codec = KeyMaterialDecoder.multicodecOf(key.type());
    return new Did(METHOD, Multibase.encodeBase58Btc(codec.addPrefix(bytes)));
  }

  public static PublicKeyMaterial publicKey(Did did) {
    if (!did.method().equals(METHOD)) {
      throw new IdentityException(IdentityError.INVALID_DID, "method-name: expected 'key', found '" + did.method() + "'");
    }
    String msi = did.methodSpecificId();
    if (msi.charAt(0) != Multibase.BASE58_BTC) {
      throw new IdentityException(
          IdentityError.INVALID_DID, "method-specific-id: a did:key must be multibase base58btc ('z...')");
    }
    try {
      byte[] bytes = Multibase.decode(msi);
      Multicodec codec =
          Multicodec.identify(bytes)
              .orElseThrow(() -> new IdentityException(IdentityError.UNSUPPORTED_KEY_TYPE, "unknown multicodec prefix"));
      return PublicKeyMaterial.fromRaw(KeyMaterialDecoder.keyTypeOf(codec), codec.stripPrefix(bytes));
    } catch (IdentityException e) {
      throw JsonFields.at("method-specific-id", e);
    }
  }

  // One Multikey method whose id fragment and publicKeyMultibase are the method-specific id.
  // Keys that sign get the four signing relationships; keys that agree get keyAgreement.
  public static DidDocument document(Did did) {
    PublicKeyMaterial key = publicKey(did);
    String vmId = did + "#" + did.methodSpecificId();
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    doc.set("@context", f.arrayNode().add(DocumentParser.DID_V1_CONTEXT).add(MULTIKEY_CONTEXT));
    doc.put("id", did.toString());
    ObjectNode vm = f.objectNode();
    vm.put("id", vmId);
    vm.put("type", "Multikey");
    vm.put("controller", did.toString());
    vm.put("publicKeyMultibase", did.methodSpecificId());
    doc.set("verificationMethod", f.arrayNode().add(vm));
    if (key.type().canSign()) {
      for (VerificationRelationship rel : SIGNING) {
        doc.set(rel.propertyName(), single(f, vmId));
      }
    }
    if (key.type().canAgree()) {
      doc.set(VerificationRelationship.KEY_AGREEMENT.propertyName(), single(f, vmId));
    }
    return DidDocument.fromJson(doc);
  }

  private static ArrayNode single(JsonNodeFactory f, String value) {
    return f.arrayNode().add(value);
  }
}
