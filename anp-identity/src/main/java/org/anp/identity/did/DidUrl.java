package org.anp.identity.did;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.did.DidSyntax;
import org.anp.identity.internal.did.JsonFields;

/**
 * A DID URL: a {@link Did} followed by an optional RFC 3986 {@code path-abempty}, {@code ?query} and
 * {@code #fragment} (W3C DID Core 1.0 section 3.2). Verification method ids are DID URLs with a
 * fragment, e.g. {@code did:wba:example.com#key-1}.
 *
 * <p>Immutable and thread-safe; equality is by component, which equals equality of the text.
 *
 * @param did the DID the URL starts with
 * @param path the path, empty or starting with '/'
 * @param query the query without its '?', if the URL has one (it may be empty)
 * @param fragment the fragment without its '#', if the URL has one (it may be empty)
 */
public record DidUrl(Did did, String path, Optional<String> query, Optional<String> fragment) {

  /**
   * Validates the components.
   *
   * @throws IdentityException {@code INVALID_DID_URL} naming the offending part
   */
  public DidUrl {
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(fragment, "fragment");
    DidSyntax.checkPath(path, IdentityError.INVALID_DID_URL);
    query.ifPresent(q -> DidSyntax.checkQueryOrFragment(q, "query", IdentityError.INVALID_DID_URL));
    fragment.ifPresent(f -> DidSyntax.checkQueryOrFragment(f, "fragment", IdentityError.INVALID_DID_URL));
  }

  /**
   * Parses an absolute DID URL. A bare DID is a valid DID URL with empty path and no query or
   * fragment. Relative references such as {@code #key-1} are not accepted here.
   *
   * @throws IdentityException {@code INVALID_DID_URL} naming the offending part
   */
  public static DidUrl parse(String text) {
    Objects.requireNonNull(text, "text");
    int hash = text.indexOf('#');
    String beforeFragment = hash < 0 ? text : text.substring(0, hash);
    Optional<String> fragment = hash < 0 ? Optional.empty() : Optional.of(text.substring(hash + 1));
    int question = beforeFragment.indexOf('?');
    String beforeQuery = question < 0 ? beforeFragment : beforeFragment.substring(0, question);
    Optional<String> query =
        question < 0 ? Optional.empty() : Optional.of(beforeFragment.substring(question + 1));
    int slash = beforeQuery.indexOf('/');
    String didText = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String path = slash < 0 ? "" : beforeQuery.substring(slash);
    Did did;
    try {
      did = Did.parse(didText);
    } catch (IdentityException e) {
      throw new IdentityException(
          IdentityError.INVALID_DID_URL, "did: " + JsonFields.detail(e), e);
    }
    return new DidUrl(did, path, query, fragment);
  }

  /**
   * The DID URL {@code <did>#<fragment>}.
   *
   * @throws IdentityException {@code INVALID_DID_URL} if the fragment has characters RFC 3986 forbids
   */
  public static DidUrl withFragment(Did did, String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    return new DidUrl(did, "", Optional.empty(), Optional.of(fragment));
  }

  /** The DID URL text. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(did.toString()).append(path);
    query.ifPresent(q -> sb.append('?').append(q));
    fragment.ifPresent(f -> sb.append('#').append(f));
    return sb.toString();
  }
}
