/** Implementation of the P1 core binding: signature parameters, signature base, dispatch. */
package org.anp.transport.internal.p1;
