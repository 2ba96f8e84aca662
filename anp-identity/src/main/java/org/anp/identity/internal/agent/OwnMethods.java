package org.anp.identity.internal.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;

/** The verification methods a DID document declares for its own DID. Stateless. */
public final class OwnMethods {
  private OwnMethods() {}

  /**
   * Every method of {@code document} whose id is {@code <document id>#<fragment>}, in document
   * order: the {@code verificationMethod} list, then methods embedded in relationships.
   */
  public static List<VerificationMethod> of(DidDocument document) {
    Map<String, VerificationMethod> byId = new LinkedHashMap<>();
    document.verificationMethods().forEach(m -> byId.putIfAbsent(m.id(), m));
    for (VerificationRelationship r : VerificationRelationship.values()) {
      document.methods(r).forEach(m -> byId.putIfAbsent(m.id(), m));
    }
    String prefix = document.id() + "#";
    List<VerificationMethod> own = new ArrayList<>();
    for (VerificationMethod m : byId.values()) {
      if (m.id().startsWith(prefix)) {
        own.add(m);
      }
    }
    return own;
  }
}
