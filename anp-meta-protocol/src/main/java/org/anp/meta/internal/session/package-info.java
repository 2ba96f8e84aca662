/** Internals of the meta-protocol driver; not API. */
package org.anp.meta.internal.session;
