package org.anp.transport.p1;

/**
 * How a method models its {@code meta.target} (P1 section 6.2.5.1). The dispatcher refuses a
 * request whose target does not fit with {@code INVALID_TARGET_BINDING} (1014).
 */
public enum TargetMode {
  /** {@code target.kind = "agent"} is required. */
  AGENT_ADDRESSED,
  /** {@code target.kind = "group"} is required. */
  GROUP_ADDRESSED,
  /** {@code target.kind = "service"} with {@code target.did} = the endpoint's service DID. */
  SERVICE_SCOPED,
  /** {@code target} may be omitted; this method declares so explicitly. */
  ENDPOINT_LOCAL
}
