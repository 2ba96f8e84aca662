package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * The {@code result} of {@code anp.negotiate} (ANP-06 §8), in camelCase: {@code negotiationId}
 * and {@code status} are required; {@code selected} is required when the status is {@code
 * accepted}; {@code validUntil} is an RFC 3339 date-time with an offset (Q11);
 * {@code negotiationDigest} is opaque (Q3: compared for equality, never recomputed by a client).
 * Unknown members are kept.
 *
 * <p>A result is not authorization: it grants nothing and does not replace the business call's
 * own authentication or human approval (ANP-06 §12). Immutable and thread-safe.
 *
 * @param negotiationId {@code negotiationId}
 * @param status {@code status}
 * @param selected {@code selected}
 * @param execution {@code execution}
 * @param schemas {@code schemas}
 * @param validUntil {@code validUntil}, as sent
 * @param negotiationDigest {@code negotiationDigest}
 * @param alternatives {@code alternatives}
 * @param reason {@code reason}
 * @param extensions the other members
 */
public record NegotiationResult(
    String negotiationId,
    NegotiationStatus status,
    Optional<SelectedPath> selected,
    Optional<ExecutionPlan> execution,
    Optional<NegotiationSchemas> schemas,
    Optional<String> validUntil,
    Optional<String> negotiationDigest,
    Optional<List<ObjectNode>> alternatives,
    Optional<String> reason,
    ObjectNode extensions) {
  private static final Set<String> KNOWN =
      Set.of("negotiationId", "status", "selected", "execution", "schemas", "validUntil", "negotiationDigest",
          "alternatives", "reason");
  private static final DateTimeFormatter COMPACT_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss[.SSSSSSSSS][.SSSSSS][.SSS]]xx");

  /**
   * Checks the rules of §8: {@code selected} with {@code accepted}, a parsable {@code validUntil}.
   *
   * @throws IllegalArgumentException naming the broken rule
   */
  public NegotiationResult {
    Objects.requireNonNull(negotiationId, "negotiationId");
    Objects.requireNonNull(status, "status");
    if (status == NegotiationStatus.ACCEPTED && selected.isEmpty()) {
      throw new IllegalArgumentException("selected: required when status is accepted");
    }
    validUntil.ifPresent(NegotiationResult::parseTime);
    alternatives = alternatives.map(list -> list.stream().map(ObjectNode::deepCopy).toList());
    extensions = extensions.deepCopy();
  }

  /** A builder for a result with this id and status. */
  public static Builder builder(String negotiationId, NegotiationStatus status) {
    return new Builder(negotiationId, status);
  }

  @Override
  public Optional<List<ObjectNode>> alternatives() {
    return alternatives.map(list -> list.stream().map(ObjectNode::deepCopy).toList());
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** {@code validUntil} as an instant. */
  public Optional<Instant> validUntilInstant() {
    return validUntil.map(NegotiationResult::parseTime);
  }

  /** Whether the result has expired at {@code now} ({@code now >= validUntil}); never without one. */
  public boolean isExpired(Instant now) {
    return validUntilInstant().map(v -> !now.isBefore(v)).orElse(false);
  }

  /** {@code t} written as {@code validUntil} is: UTC, to the second (Q11). */
  public static String formatTime(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Reads an RFC 3339 date-time with an offset; {@code +HHMM} offsets are accepted too (Q11).
   *
   * @throws IllegalArgumentException for a date alone, no offset, lower-case {@code t}/{@code z},
   *     or a space separator
   */
  static Instant parseTime(String text) {
    if (text.indexOf('t') >= 0 || text.indexOf('z') >= 0 || text.indexOf(' ') >= 0 || text.indexOf('T') < 0) {
      throw new IllegalArgumentException("validUntil: not an RFC 3339 date-time with offset");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text, COMPACT_OFFSET).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("validUntil: not an RFC 3339 date-time with offset");
      }
    }
  }

  /**
   * Reads a {@code result}.
   *
   * @throws org.anp.transport.p1.RpcException {@code INVALID_PARAMS} naming the member or rule
   */
  public static NegotiationResult parse(JsonNode node) {
    Wire.Reader r = Wire.reader(node, "result", KNOWN);
    String id = r.string("negotiationId").orElseThrow(() -> Wire.invalid("result.negotiationId: required"));
    String statusText = r.string("status").orElseThrow(() -> Wire.invalid("result.status: required"));
    NegotiationStatus status = NegotiationStatus.fromWire(statusText)
        .orElseThrow(() -> Wire.invalid("result.status: not accepted, rejected or needs_more_information"));
    Optional<List<ObjectNode>> alternatives = r.raw("alternatives").map(v -> {
      if (!v.isArray()) {
        throw Wire.invalid("result.alternatives: expected an array of objects");
      }
      List<ObjectNode> out = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isObject()) {
          throw Wire.invalid("result.alternatives: expected an array of objects");
        }
        out.add((ObjectNode) item);
      }
      return out;
    });
    try {
      return new NegotiationResult(
          id,
          status,
          r.raw("selected").map(v -> SelectedPath.parse(v, r.path("selected"))),
          r.raw("execution").map(v -> ExecutionPlan.parse(v, r.path("execution"))),
          r.raw("schemas").map(v -> NegotiationSchemas.parse(v, r.path("schemas"))),
          r.string("validUntil"),
          r.string("negotiationDigest"),
          alternatives,
          r.string("reason"),
          r.extensions());
    } catch (IllegalArgumentException e) {
      throw Wire.invalid("result." + e.getMessage());
    }
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .put("negotiationId", Optional.of(negotiationId))
        .put("status", Optional.of(status.wireValue()))
        .putJson("selected", selected.map(SelectedPath::toJson))
        .putJson("execution", execution.map(ExecutionPlan::toJson))
        .putJson("schemas", schemas.map(NegotiationSchemas::toJson))
        .put("validUntil", validUntil)
        .put("negotiationDigest", negotiationDigest)
        .putJson("alternatives", alternatives.map(list -> {
          var array = JsonNodeFactory.instance.arrayNode();
          list.forEach(a -> array.add(a.deepCopy()));
          return array;
        }))
        .put("reason", reason)
        .extensions(extensions)
        .build();
  }

  /** Builds a {@link NegotiationResult}; not thread-safe. */
  public static final class Builder {
    private final String negotiationId;
    private final NegotiationStatus status;
    private Optional<SelectedPath> selected = Optional.empty();
    private Optional<ExecutionPlan> execution = Optional.empty();
    private Optional<NegotiationSchemas> schemas = Optional.empty();
    private Optional<String> validUntil = Optional.empty();
    private Optional<String> digest = Optional.empty();
    private Optional<List<ObjectNode>> alternatives = Optional.empty();
    private Optional<String> reason = Optional.empty();

    private Builder(String negotiationId, NegotiationStatus status) {
      this.negotiationId = negotiationId;
      this.status = status;
    }

    /** {@code selected}. */
    public Builder selected(SelectedPath path) {
      this.selected = Optional.of(path);
      return this;
    }

    /** {@code execution}. */
    public Builder execution(ExecutionPlan plan) {
      this.execution = Optional.of(plan);
      return this;
    }

    /** {@code schemas}. */
    public Builder schemas(NegotiationSchemas schemas) {
      this.schemas = Optional.of(schemas);
      return this;
    }

    /** {@code validUntil}, written UTC to the second. */
    public Builder validUntil(Instant until) {
      this.validUntil = Optional.of(formatTime(until));
      return this;
    }

    /** {@code negotiationDigest}. */
    public Builder negotiationDigest(String digest) {
      this.digest = Optional.of(digest);
      return this;
    }

    /** {@code alternatives}. */
    public Builder alternatives(List<ObjectNode> alternatives) {
      this.alternatives = Optional.of(alternatives);
      return this;
    }

    /** {@code reason}. */
    public Builder reason(String reason) {
      this.reason = Optional.of(reason);
      return this;
    }

    /**
     * The result.
     *
     * @throws IllegalArgumentException if {@code accepted} has no selection
     */
    public NegotiationResult build() {
      return new NegotiationResult(negotiationId, status, selected, execution, schemas, validUntil, digest,
          alternatives, reason, JsonNodeFactory.instance.objectNode());
    }
  }
}
