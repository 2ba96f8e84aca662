package org.anp.application.internal.description;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.DescriptionFormat;
import org.anp.application.description.DescriptionProof;
import org.anp.application.description.Information;
import org.anp.application.description.Owner;
import org.anp.application.description.SecurityScheme;

/**
 * Reads the three shapes of an agent description into the one model (decision 0036). The shape is
 * sniffed: {@code @context} or {@code @type} means JSON-LD; otherwise {@code protocolType} must be
 * {@code "ANP"} and {@code type} says {@code AgentDescription} (1.2) or {@code Product} (SDK).
 * JSON-LD members may be written with or without the {@code ad:} prefix, never both.
 */
public final class DescriptionReader {
  /** The JSON-LD prefix of ANP terms. */
  public static final String AD_PREFIX = "ad:";

  private DescriptionReader() {}

  /** Reads {@code json}; throws {@code INVALID_DESCRIPTION} naming the offending member. */
  public static AgentDescription.Builder read(ObjectNode json) {
    DescriptionFormat format = sniff(json);
    Members m = new Members(json, "");
    String name = m.requiredString("name");
    AgentDescription.Builder b = AgentDescription.builder(name).format(format);
    switch (format) {
      case ANP_1_2 -> {
        m.string("protocolType");
        m.string("type");
        b.protocolVersion(m.requiredString("protocolVersion"));
        m.string("url").ifPresent(b::url);
        m.string("did").ifPresent(b::did);
        readSecurityDefinitions(m, b, "securityDefinitions");
        b.security(securityNames(m, "security"));
      }
      case JSON_LD -> {
        m.node("@type");
        m.string("@id").ifPresent(b::url);
        m.string("did").ifPresent(b::did);
        readSecurityDefinitions(m, b, "securityDefinitions", AD_PREFIX + "securityDefinitions");
        b.security(securityNames(m, "security", AD_PREFIX + "security"));
      }
      case SDK_PRODUCT -> {
        m.string("protocolType");
        m.string("type");
        b.protocolVersion(m.requiredString("protocolVersion"));
        m.string("url").ifPresent(b::url);
        m.string("identifier").ifPresent(b::did);
        readInlineSecurity(m, b);
      }
    }
    readInformations(m, b);
    m.string("description").ifPresent(b::description);
    m.string("version").ifPresent(b::version);
    m.dateTime("created").ifPresent(b::created);
    m.node("owner").ifPresent(o -> b.owner(readOwner(o, format)));
    m.node("interfaces", AD_PREFIX + "interfaces")
        .ifPresent(i -> readInterfaces(i, m.path("interfaces"), format).forEach(b::addInterface));
    b.proof(m.node("proof").map(p -> readProof(p)));
    b.extensions(m.rest());
    return b;
  }

  /** The shape of {@code json}; throws {@code INVALID_DESCRIPTION} for none of the three. */
  public static DescriptionFormat sniff(ObjectNode json) {
    if (json.has("@context") || json.has("@type")) {
      JsonNode type = json.get("@type");
      if (type != null && !mentionsAgentDescription(type)) {
        throw Members.invalid("@type: not ad:AgentDescription");
      }
      return DescriptionFormat.JSON_LD;
    }
    JsonNode protocolType = json.get("protocolType");
    if (protocolType == null) {
      throw Members.invalid("protocolType: missing (and no @context)");
    }
    if (!protocolType.isTextual() || !"ANP".equals(protocolType.textValue())) {
      throw Members.invalid("protocolType: expected \"ANP\"");
    }
    JsonNode type = json.get("type");
    if (type == null || !type.isTextual()) {
      throw Members.invalid("type: missing or not a string");
    }
    return switch (type.textValue()) {
      case "AgentDescription" -> DescriptionFormat.ANP_1_2;
      case "Product" -> DescriptionFormat.SDK_PRODUCT;
      default -> throw Members.invalid("type: expected AgentDescription or Product");
    };
  }

  private static boolean mentionsAgentDescription(JsonNode type) {
    if (type.isTextual()) {
      String t = type.textValue();
      return t.equals("AgentDescription") || t.equals(AD_PREFIX + "AgentDescription");
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (mentionsAgentDescription(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void readSecurityDefinitions(Members m, AgentDescription.Builder b, String... names) {
    Optional<JsonNode> defs = m.node(names);
    if (defs.isEmpty()) {
      return;
    }
    Members d = Members.of(defs.get(), m.path("securityDefinitions"));
    for (Map.Entry<String, JsonNode> e : defs.get().properties()) {
      b.securityDefinition(e.getKey(), readScheme(e.getValue(), d.path(e.getKey())));
    }
  }

  private static void readInlineSecurity(Members m, AgentDescription.Builder b) {
    Optional<JsonNode> security = m.node("security");
    if (security.isEmpty()) {
      return;
    }
    Members.of(security.get(), "security");
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : security.get().properties()) {
      b.securityDefinition(e.getKey(), readScheme(e.getValue(), "security." + e.getKey()));
      names.add(e.getKey());
    }
    b.security(names);
  }

  private static SecurityScheme readScheme(JsonNode node, String path) {
    Members s = Members.of(node, path);
    return new SecurityScheme(
        s.string("type", "@type"),
        s.string("description"),
        s.requiredString("scheme"),
        s.requiredString("in"),
        s.string("name"),
        s.rest());
  }

  private static List<String> securityNames(Members m, String... names) {
    Optional<JsonNode> node = m.node(names);
    if (node.isEmpty()) {
      return List.of();
    }
    JsonNode value = node.get();
    if (value.isTextual()) {
      return List.of(value.textValue());
    }
    if (value.isArray()) {
      List<String> out = new ArrayList<>();
      for (JsonNode n : value) {
        if (!n.isTextual()) {
          throw Members.invalid("security: expected names of security definitions");
        }
        out.add(n.textValue());
      }
      return out;
    }
    throw Members.invalid("security: expected a string or an array of strings");
  }

  private static void readInformations(Members m, AgentDescription.Builder b) {
    Optional<JsonNode> list = m.node("Infomations", "Informations", "informations");
    if (list.isEmpty()) {
      return;
    }
    if (!list.get().isArray()) {
      throw Members.invalid("Infomations: expected an array");
    }
    int i = 0;
    for (JsonNode item : list.get()) {
      Members info = Members.of(item, "Infomations[" + i++ + "]");
      b.information(
          new Information(
              info.requiredString("type"),
              info.string("description"),
              info.string("url"),
              info.rest()));
    }
  }

  private static Owner readOwner(JsonNode node, DescriptionFormat format) {
    Members o = Members.of(node, "owner");
    boolean jsonLd = format == DescriptionFormat.JSON_LD;
    Optional<String> type = jsonLd ? o.string("@type") : o.string("type");
    Optional<String> name = o.string("name");
    Optional<String> url = jsonLd ? o.string("@id") : o.string("url");
    return new Owner(type, name, url, o.rest());
  }

  private static List<AgentInterface> readInterfaces(JsonNode node, String path, DescriptionFormat format) {
    if (!node.isArray()) {
      throw Members.invalid(path + ": expected an array");
    }
    List<AgentInterface> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : node) {
      Members f = Members.of(item, path + "[" + i++ + "]");
      boolean jsonLd = format == DescriptionFormat.JSON_LD;
      String type = jsonLd ? f.requiredString("@type") : f.requiredString("type");
      if (type.startsWith(AD_PREFIX)) {
        type = type.substring(AD_PREFIX.length());
      }
      if (type.isEmpty()) {
        throw Members.invalid(f.path("type") + ": empty");
      }
      out.add(
          new AgentInterface(
              type,
              jsonLd ? f.string("@id") : f.string("id"),
              f.string("name"),
              f.string("protocol"),
              f.string("version"),
              f.string("url"),
              f.string("description"),
              f.bool("humanAuthorization"),
              f.rest()));
    }
    return out;
  }

  private static DescriptionProof readProof(JsonNode node) {
    Members p = Members.of(node, "proof");
    return new DescriptionProof(
        p.requiredString("type"),
        p.dateTime("created").orElseThrow(() -> Members.invalid("proof.created: missing")),
        p.requiredString("proofPurpose"),
        p.requiredString("verificationMethod"),
        p.string("domain"),
        p.string("challenge"),
        p.requiredString("proofValue"),
        p.rest());
  }
}
