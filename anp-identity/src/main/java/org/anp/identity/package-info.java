/**
 * The identity layer of ANP: the error model shared by every module. Feature packages below
 * hold codecs, canonical JSON, keys and signatures, DIDs and their documents, the did:wba and
 * did:all methods and resolution.
 */
package org.anp.identity;
