package org.anp.application.discovery;

import java.net.URI;
import java.util.Objects;

/**
 * One entry of a {@link CollectionPage}: an agent description's name and URL ({@code @id}).
 *
 * @param name the agent's name
 * @param url where its description is
 */
public record CollectionItem(String name, URI url) {
  public CollectionItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    if (!url.isAbsolute()) {
      throw new IllegalArgumentException("url: not absolute: " + url);
    }
  }
}
