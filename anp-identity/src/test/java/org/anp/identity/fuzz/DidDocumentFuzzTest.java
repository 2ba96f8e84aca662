package org.anp.identity.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.json.StrictJson;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.wba.DidWbaDocumentVerifier;

/**
 * Fuzz targets for DID documents: the generic parser, proof verification and the did:wba and
 * did:all document checks. Only {@link IdentityException} may escape; a parsed document must
 * survive its own serialization.
 */
class DidDocumentFuzzTest {

  @FuzzTest
  void parse(byte[] data) {
    DidDocument document;
    try {
      document = DidDocument.parse(data);
    } catch (IdentityException e) {
      return;
    }
    assertThat(DidDocument.parse(document.toBytes())).isEqualTo(document);
    try {
      DocumentProofs.verify(document);
    } catch (IdentityException e) {
      // no proof, or one that does not verify
    }
    try {
      DidWbaDocumentVerifier.verify(document, document.id());
    } catch (IdentityException e) {
      // not a valid did:wba document
    }
  }

  @FuzzTest
  void didAllDocument(byte[] data) {
    JsonNode json;
    try {
      json = StrictJson.parse(data, DidDocument.DEFAULT_MAX_BYTES);
    } catch (IdentityException e) {
      return;
    }
    try {
      DidAllDocumentVerifier.verify(json);
    } catch (IdentityException e) {
      // not a valid did:all document
    }
  }
}
