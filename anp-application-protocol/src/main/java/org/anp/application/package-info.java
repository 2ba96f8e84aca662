/**
 * Layer 3 of ANP: agent description documents, discovery, the protocol registry and calls
 * through the interfaces an agent advertises.
 */
package org.anp.application;
