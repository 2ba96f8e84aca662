package org.anp.application.internal.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.DescriptionFormat;
import org.anp.application.description.DescriptionProof;
import org.anp.application.description.Extensions;
import org.anp.application.description.Information;
import org.anp.application.description.Owner;
import org.anp.application.description.SecurityScheme;

/**
 * Writes the model in one of the three shapes (decision 0036). Unknown members are written back:
 * into the 1.2 and SDK shapes without JSON-LD keywords ({@code @…}) and with the {@code ad:}
 * prefix removed; into JSON-LD as received. The proof, if any, is written last.
 */
public final class DescriptionWriter {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private DescriptionWriter() {}

  /** The JSON of {@code d} in {@code format}. */
  public static ObjectNode write(AgentDescription d, DescriptionFormat format) {
    boolean jsonLd = format == DescriptionFormat.JSON_LD;
    ObjectNode out = F.objectNode();
    String p = jsonLd ? DescriptionReader.AD_PREFIX : "";
    switch (format) {
      case ANP_1_2, SDK_PRODUCT -> {
        out.put("protocolType", "ANP");
        out.put(
            "protocolVersion",
            d.protocolVersion().orElse(AgentDescription.DEFAULT_PROTOCOL_VERSION));
        out.put("type", format == DescriptionFormat.ANP_1_2 ? "AgentDescription" : "Product");
        d.url().ifPresent(u -> out.put("url", u));
      }
      case JSON_LD -> {
        out.set("@context", d.extensions().get("@context").orElseGet(DescriptionWriter::defaultContext));
        out.put("@type", "ad:AgentDescription");
        d.url().ifPresent(u -> out.put("@id", u));
      }
    }
    out.put("name", d.name());
    d.did().ifPresent(v -> out.put(format == DescriptionFormat.SDK_PRODUCT ? "identifier" : "did", v));
    d.owner().ifPresent(o -> out.set("owner", owner(o, jsonLd)));
    d.description().ifPresent(v -> out.put("description", v));
    d.version().ifPresent(v -> out.put("version", v));
    d.created().ifPresent(v -> out.put("created", v));
    ObjectNode defs = F.objectNode();
    d.securityDefinitions().forEach((name, scheme) -> defs.set(name, scheme(scheme)));
    if (format == DescriptionFormat.SDK_PRODUCT) {
      ObjectNode inline = F.objectNode();
      for (String name : d.security()) {
        inline.set(name, defs.get(name));
      }
      if (!d.security().isEmpty()) {
        out.set("security", inline);
      }
    } else {
      if (!defs.isEmpty()) {
        out.set(p + "securityDefinitions", defs);
      }
      if (!d.security().isEmpty()) {
        out.set(p + "security", names(d.security()));
      }
    }
    if (!d.informations().isEmpty()) {
      ArrayNode infos = out.putArray("Infomations");
      for (Information i : d.informations()) {
        infos.add(information(i));
      }
    }
    if (!d.interfaces().isEmpty()) {
      ArrayNode interfaces = out.putArray(p + "interfaces");
      for (AgentInterface i : d.interfaces()) {
        interfaces.add(agentInterface(i, jsonLd));
      }
    }
    addExtensions(out, d.extensions(), jsonLd);
    d.proof().ifPresent(pr -> out.set("proof", proof(pr)));
    return out;
  }

  /** The proof object as written in a description. */
  public static ObjectNode proof(DescriptionProof pr) {
    ObjectNode out = F.objectNode();
    out.put("type", pr.type());
    out.put("created", pr.created());
    out.put("proofPurpose", pr.proofPurpose());
    out.put("verificationMethod", pr.verificationMethod());
    pr.domain().ifPresent(v -> out.put("domain", v));
    pr.challenge().ifPresent(v -> out.put("challenge", v));
    addExtensions(out, pr.extensions(), true);
    out.put("proofValue", pr.proofValue());
    return out;
  }

  /** The JSON-LD context written when the model has none: the spec's prefix map, in English. */
  public static ObjectNode defaultContext() {
    ObjectNode c = F.objectNode();
    c.put("@vocab", "https://schema.org/");
    c.put("did", "https://w3id.org/did#");
    c.put("ad", "https://agent-network-protocol.com/ad#");
    c.put("@language", "en");
    return c;
  }

  private static JsonNode names(List<String> names) {
    if (names.size() == 1) {
      return F.textNode(names.get(0));
    }
    ArrayNode array = F.arrayNode();
    names.forEach(array::add);
    return array;
  }

  private static ObjectNode owner(Owner o, boolean jsonLd) {
    ObjectNode out = F.objectNode();
    o.type().ifPresent(v -> out.put(jsonLd ? "@type" : "type", v));
    o.name().ifPresent(v -> out.put("name", v));
    o.url().ifPresent(v -> out.put(jsonLd ? "@id" : "url", v));
    addExtensions(out, o.extensions(), jsonLd);
    return out;
  }

  private static ObjectNode scheme(SecurityScheme s) {
    ObjectNode out = F.objectNode();
    s.type().ifPresent(v -> out.put("type", v));
    s.description().ifPresent(v -> out.put("description", v));
    out.put("scheme", s.scheme());
    out.put("in", s.in());
    s.name().ifPresent(v -> out.put("name", v));
    addExtensions(out, s.extensions(), true);
    return out;
  }

  private static ObjectNode information(Information i) {
    ObjectNode out = F.objectNode();
    out.put("type", i.type());
    i.description().ifPresent(v -> out.put("description", v));
    i.url().ifPresent(v -> out.put("url", v));
    addExtensions(out, i.extensions(), true);
    return out;
  }

  private static ObjectNode agentInterface(AgentInterface i, boolean jsonLd) {
    ObjectNode out = F.objectNode();
    out.put(jsonLd ? "@type" : "type", jsonLd ? DescriptionReader.AD_PREFIX + i.type() : i.type());
    i.id().ifPresent(v -> out.put(jsonLd ? "@id" : "id", v));
    i.name().ifPresent(v -> out.put("name", v));
    put(out, "protocol", i.protocol());
    put(out, "version", i.version());
    put(out, "url", i.url());
    put(out, "description", i.description());
    i.humanAuthorization().ifPresent(v -> out.put("humanAuthorization", v));
    addExtensions(out, i.extensions(), jsonLd);
    return out;
  }

  private static void put(ObjectNode out, String name, Optional<String> value) {
    value.ifPresent(v -> out.put(name, v));
  }

  private static void addExtensions(ObjectNode out, Extensions extensions, boolean keepAsIs) {
    for (String name : extensions.names()) {
      JsonNode value = extensions.get(name).orElseThrow();
      if (keepAsIs) {
        out.set(name, value);
      } else if (!name.startsWith("@")) {
        String plain =
            name.startsWith(DescriptionReader.AD_PREFIX)
                ? name.substring(DescriptionReader.AD_PREFIX.length())
                : name;
        if (!out.has(plain)) {
          out.set(plain, value);
        }
      }
    }
  }

}
