/**
 * Byte-to-text codecs used across ANP: hex, Base64 in explicit variants, base58 (Bitcoin
 * alphabet), base58check and multibase with multicodec key prefixes.
 */
package org.anp.identity.codec;
