package org.anp.identity.internal.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;

/**
 * The ANP 1.2 continuity rule shared by the DID methods: a document marked {@code "deactivated":
 * true} identifies no one any more, so it is refused like a missing one. Stateless.
 */
public final class ActiveDocuments {
  private ActiveDocuments() {}

  /**
   * Returns {@code document} unless it is deactivated.
   *
   * @throws IdentityException {@code DID_NOT_FOUND} for a deactivated document, {@code
   *     INVALID_DOCUMENT} if {@code deactivated} is not a boolean
   */
  public static DidDocument requireActive(DidDocument document) {
    JsonNode flag = document.json().get("deactivated");
    if (flag == null || flag.isNull()) {
      return document;
    }
    if (!flag.isBoolean()) {
      throw new IdentityException(IdentityError.INVALID_DOCUMENT, "deactivated: expected a boolean");
    }
    if (flag.booleanValue()) {
      throw new IdentityException(IdentityError.DID_NOT_FOUND, "deactivated: " + document.id() + " is deactivated");
    }
    return document;
  }
}
