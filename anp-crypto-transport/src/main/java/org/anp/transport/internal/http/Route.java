package org.anp.transport.internal.http;

import java.util.Objects;
import org.anp.transport.http.AuthPolicy;
import org.anp.transport.http.HttpHandler;

/** One route: a method, a path pattern, the authentication it needs and its handler. */
record Route(String method, RoutePattern pattern, AuthPolicy policy, HttpHandler handler) {
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(handler, "handler");
  }
}
