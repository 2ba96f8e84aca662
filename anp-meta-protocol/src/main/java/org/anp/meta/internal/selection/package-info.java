/** Implementation of ANP-06 1.2 interface selection: wire reading and the default provider. */
package org.anp.meta.internal.selection;
