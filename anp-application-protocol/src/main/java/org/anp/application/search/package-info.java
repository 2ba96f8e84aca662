/**
 * The agent search service ({@link org.anp.application.search.SearchService}), its index seam
 * ({@link org.anp.application.search.DescriptionIndex}) and client ({@link
 * org.anp.application.search.SearchClient}): keyword and capability queries over verified
 * descriptions. Decisions 0051 and 0076.
 */
package org.anp.application.search;
