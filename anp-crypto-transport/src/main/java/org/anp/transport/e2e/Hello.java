package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The fields both hellos share; package-private part of the two hello types. */
record Hello(
    String sessionId,
    String sourceDid,
    String destinationDid,
    HelloVerificationMethod verificationMethod,
    String random,
    Optional<JsonNode> metaProtocol,
    HelloProof proof) {}
