package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The other vector files a conformance file may refer to. The reference SDK's header and HTTP
 * signature files name the identity whose DID document to verify against, and keep those documents
 * in a did-documents file beside them; the runner offers the files given on the same command line
 * first, then the other JSON files of the same directory.
 */
@FunctionalInterface
public interface Companions {

  /** None: every lookup is empty. */
  Companions NONE = suiteName -> Optional.empty();

  /** The first companion file recognized by the suite called {@code suiteName}. */
  Optional<JsonNode> find(String suiteName);
}
