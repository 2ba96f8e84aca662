package org.anp.application.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.anp.application.ApplicationException;
import org.anp.application.search.CapabilityFacet;
import org.anp.application.search.DescriptionIndex;
import org.anp.application.search.IndexedAgent;
import org.anp.application.search.SearchHit;
import org.anp.application.search.SearchQuery;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/** The embedded {@link DescriptionIndex}: a map in memory, saved to {@code index.json} atomically. */
public final class FileDescriptionIndex implements DescriptionIndex {
  private static final String FILE = "index.json";
  private static final int MAX_FILE_BYTES = 256 * 1024 * 1024;

  private final Path directory;
  private final Map<URI, IndexedAgent> agents = new LinkedHashMap<>();

  private FileDescriptionIndex(Path directory) {
    this.directory = directory;
  }

  /** Opens the index in {@code directory}, creating it if needed. */
  public static FileDescriptionIndex open(Path directory) {
    FileDescriptionIndex index = new FileDescriptionIndex(directory);
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(FILE);
      if (Files.exists(file)) {
        JsonNode saved = StrictJson.parse(Files.readAllBytes(file), MAX_FILE_BYTES);
        for (JsonNode a : saved.path("agents")) {
          List<CapabilityFacet> facets = new ArrayList<>();
          for (JsonNode f : a.path("capabilities")) {
            facets.add(CapabilityFacet.parse(f.asText()));
          }
          IndexedAgent agent = new IndexedAgent(URI.create(a.path("url").asText()), a.path("did").asText(),
              a.path("name").asText(), a.path("description").asText(), a.path("text").asText(), facets);
          index.agents.put(agent.url(), agent);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("description index " + directory, e);
    } catch (IdentityException | IllegalArgumentException | ApplicationException e) {
      throw new IllegalStateException("description index " + directory + ": " + FILE + " is damaged", e);
    }
    return index;
  }

  @Override
  public synchronized void put(IndexedAgent agent) {
    agents.put(agent.url(), agent);
    save();
  }

  @Override
  public synchronized boolean remove(URI url) {
    boolean removed = agents.remove(url) != null;
    if (removed) {
      save();
    }
    return removed;
  }

  @Override
  public synchronized List<SearchHit> search(SearchQuery query) {
    Set<String> words = words(query.keywords());
    List<SearchHit> hits = new ArrayList<>();
    if (query.isEmpty() || words.isEmpty() && query.capabilities().isEmpty()) {
      return hits;
    }
    for (IndexedAgent a : agents.values()) {
      if (!a.capabilities().containsAll(query.capabilities())) {
        continue;
      }
      int score = query.capabilities().size();
      if (!words.isEmpty()) {
        Set<String> text = words(a.text());
        int found = (int) words.stream().filter(text::contains).count();
        if (found == 0) {
          continue;
        }
        score += found;
      }
      hits.add(new SearchHit(a, score));
    }
    hits.sort(Comparator.comparingInt(SearchHit::score).reversed().thenComparing(h -> h.agent().name()));
    return List.copyOf(hits.subList(0, Math.min(query.limit(), hits.size())));
  }

  @Override
  public synchronized int size() {
    return agents.size();
  }

  /** The lower-case words (runs of letters and digits) of {@code text}. */
  public static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private void save() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode list = root.putArray("agents");
    for (IndexedAgent a : agents.values()) {
      ObjectNode o = list.addObject();
      o.put("url", a.url().toString());
      o.put("did", a.did());
      o.put("name", a.name());
      o.put("description", a.description());
      o.put("text", a.text());
      ArrayNode facets = o.putArray("capabilities");
      a.capabilities().forEach(f -> facets.add(f.toString()));
    }
    try {
      Path temp = Files.createTempFile(directory, "index-", ".tmp");
      try {
        Files.write(temp, root.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(temp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("description index: saving", e);
    }
  }
}
