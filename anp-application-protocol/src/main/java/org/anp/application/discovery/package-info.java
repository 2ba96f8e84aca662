/**
 * Agent discovery (ANP-08 1.2): the {@link org.anp.application.discovery.CollectionPage} of a
 * domain's {@code /.well-known/agent-descriptions}, and {@link
 * org.anp.application.discovery.DescriptionCrawler}, which follows its pages through the {@link
 * org.anp.application.discovery.DiscoveryFetcher} seam and keeps only verified descriptions.
 */
package org.anp.application.discovery;
