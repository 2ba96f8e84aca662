/**
 * Implementation of {@link org.anp.identity.agent}: what differs between DID methods for a stored
 * identity ({@link org.anp.identity.internal.agent.MethodRules}), rewriting a verification
 * method's key, and the directory store. Not API.
 */
package org.anp.identity.internal.agent;
