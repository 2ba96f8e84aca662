package org.anp.transport.e2e;

import java.util.Objects;

/**
 * The sender's DID signing key as a hello carries it: verification-method id, type and the
 * uncompressed public key as hex. Binding the key to the DID is the receiver's job.
 */
public record HelloVerificationMethod(String id, String type, String publicKeyHex) {
  public HelloVerificationMethod {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(publicKeyHex, "publicKeyHex");
  }
}
