package org.anp.application.description;

/**
 * The published shapes of an agent description that {@link AgentDescription#parse} reads and
 * {@link AgentDescription#toJson(DescriptionFormat)} writes (spec/anp-v1.2.md section 3,
 * spec/application.md section 2, decision 0036).
 */
public enum DescriptionFormat {
  /**
   * ANP-07 1.2: plain JSON with {@code protocolType} {@code "ANP"}, {@code protocolVersion} and
   * {@code type} {@code "AgentDescription"}. The default for writing.
   */
  ANP_1_2,
  /**
   * The earlier JSON-LD shape: {@code @context}, {@code @type} {@code ad:AgentDescription},
   * {@code @id}, and {@code ad:}-prefixed members as in the spec's hotel and coffee-shop examples.
   */
  JSON_LD,
  /**
   * The product-style document the reference SDK's OpenANP generator emits: {@code type}
   * {@code "Product"}, the DID in {@code identifier}, inline {@code security} schemes and no
   * {@code securityDefinitions}. Not ANP-07 conformant; read so that such agents can be found.
   */
  SDK_PRODUCT
}
