/**
 * {@code anp capabilities} and {@code anp negotiate}: ANP-06 1.2 capability discovery and interface
 * selection against another agent's P1 endpoint, found from its URL or from the {@code
 * ANPMessageService} entry of its DID document.
 */
package org.anp.cli.selection;
