/**
 * DID document hosting on the {@link org.anp.transport.http.HttpServer}: {@link
 * org.anp.transport.hosting.DidWbaHosting} serves did:wba documents at the URLs their DIDs map to
 * and accepts creation, update and deactivation by the DID itself (spec/identity.md 1.2, 1.5);
 * {@link org.anp.transport.hosting.DidAllHostingNode} is the did:all hosting-node API of
 * spec/identity.md 2.4. Both keep documents in a {@link
 * org.anp.transport.hosting.DidDocumentStore}.
 */
package org.anp.transport.hosting;
