package org.anp.meta.internal.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * One agreed message schema compiled with networknt json-schema-validator, JSON Schema draft
 * 2020-12, after checking it against the draft 2020-12 meta-schema. Schemas come from the peer,
 * so nothing is ever fetched: a {@code $ref} or {@code $dynamicRef} that does not point inside
 * the schema is refused when compiling, and the loader blocks everything but the bundled
 * meta-schemas.
 * Thread-safe (the compiled schema is immutable).
 */
public final class CompiledSchema {
  /** Most validation errors reported for one payload. */
  static final int MAX_ERRORS = 10;

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaLoader(l -> l.block(iri -> !iri.toString().startsWith("https://json-schema.org/"))));

  /** The 2020-12 meta-schema (bundled): agreed schemas are checked against it first. */
  private static final Schema META_SCHEMA =
      REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

  private final Schema schema;
  /** The quick test of a plain schema; null if the schema uses more than its subset. */
  private final SimpleSchema quick;

  private CompiledSchema(Schema schema, SimpleSchema quick) {
    this.schema = schema;
    this.quick = quick;
  }

  /**
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if it is not a usable schema
   */
  public static CompiledSchema compile(String what, JsonNode schema) {
    try {
      checkReferencesAreLocal(what, schema);
      List<Error> wrong = META_SCHEMA.validate(schema);
      if (!wrong.isEmpty()) {
        throw new MetaProtocolException(
            MetaProtocolError.INVALID_PROTOCOL_DOCUMENT,
            what + ": not a draft 2020-12 schema: " + wrong.get(0));
      }
      return new CompiledSchema(REGISTRY.getSchema(schema), SimpleSchema.of(schema).orElse(null));
    } catch (SchemaException | IllegalArgumentException e) {
      throw new MetaProtocolException(
          MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, what + ": not a usable JSON Schema: " + e.getMessage(), e);
    }
  }

  private static void checkReferencesAreLocal(String what, JsonNode node) {
    if (node.isObject()) {
      for (String keyword : new String[] {"$ref", "$dynamicRef"}) {
        JsonNode ref = node.get(keyword);
        if (ref != null && (!ref.isTextual() || !ref.textValue().startsWith("#"))) {
          throw new MetaProtocolException(
              MetaProtocolError.INVALID_PROTOCOL_DOCUMENT,
              what + ": only references inside the schema (#...) are allowed");
        }
      }
    }
    for (JsonNode child : node) {
      checkReferencesAreLocal(what, child);
    }
  }

  /**
   * What is wrong with {@code instance}, by location; empty if it is valid. A plain schema's
   * quick test answers for a valid instance; the full validation decides the rest.
   */
  public List<String> violations(JsonNode instance) {
    if (quick != null && quick.accepts(instance)) {
      return List.of();
    }
    List<Error> errors;
    try {
      errors = schema.validate(instance);
    } catch (SchemaException e) {
      return List.of("the schema could not be applied: " + e.getMessage());
    }
    return errors.stream().limit(MAX_ERRORS).map(Error::toString).toList();
  }
}
