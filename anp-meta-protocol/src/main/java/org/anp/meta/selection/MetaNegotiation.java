package org.anp.meta.selection;

import java.util.List;

/**
 * The identifiers of ANP-06 1.2 ({@code anp.meta.negotiation.v1}, spec/anp-v1.2.md §1.2, §2.3):
 * the profile, the method, the agent-description interface type, the binding, the negotiation
 * modes and the open lists of negotiable objects and execution modes.
 */
public final class MetaNegotiation {
  /** The ANP-06 profile, used in {@code meta.profile} of {@code anp.negotiate}. */
  public static final String PROFILE = "anp.meta.negotiation.v1";
  /** The one method ANP-06 defines. */
  public static final String NEGOTIATE_METHOD = "anp.negotiate";
  /** The P1 capability method ANP-06 reuses. */
  public static final String GET_CAPABILITIES_METHOD = "anp.get_capabilities";
  /** The agent-description interface type. */
  public static final String INTERFACE_TYPE = "MetaProtocolInterface";
  /** The binding of this version. */
  public static final String JSONRPC_BINDING = "jsonrpc-2.0";
  /** The default mode: pick among existing interfaces. */
  public static final String MODE_STRUCTURED_SELECTION = "structured_selection";
  /** The natural-language drafting fallback (§9). */
  public static final String MODE_NATURAL_LANGUAGE_PROTOCOL_DRAFTING = "natural_language_protocol_drafting";
  /** The security profile every ANP-06 implementation must support. */
  public static final String TRANSPORT_PROTECTED = "transport-protected";
  /** What a {@code MetaProtocolInterface} may say it negotiates (an open list). */
  public static final List<String> NEGOTIABLE_OBJECTS =
      List.of(
          "profiles",
          "interfaces",
          "schemas",
          "security_profiles",
          "content_types",
          "execution_modes",
          "protocol_artifacts");
  /** The execution modes of §8.4 (an open list). */
  public static final List<String> EXECUTION_MODES =
      List.of(
          "direct_structured_call",
          "direct_message",
          "group_message",
          "async_task",
          "stream",
          "natural_language",
          "natural_language_protocol_drafting");

  private MetaNegotiation() {}
}
