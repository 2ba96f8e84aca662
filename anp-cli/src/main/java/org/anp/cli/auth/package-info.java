/** The {@code anp auth} commands: make and check did:wba Authorization headers. */
package org.anp.cli.auth;
