/** Internal: JSON writing in the reference SDK's form. Not API. */
package org.anp.meta.internal.wire;
