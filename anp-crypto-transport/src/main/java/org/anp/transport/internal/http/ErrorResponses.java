package org.anp.transport.internal.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.anp.identity.AnpException;
import org.anp.identity.ErrorCode;
import org.anp.identity.IdentityException;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;
import org.anp.transport.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever ended a request into its response, in one place: coded exceptions answer with
 * their code's status and a JSON body naming the code; 401s from the identity layer carry the
 * {@code WWW-Authenticate} challenge; anything else is a 500 without details, logged once here.
 */
final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  /** The response for a failure of the request {@code what} (method and path, for the log). */
  static HttpResponse of(Throwable failure, String what, Authenticator authenticator) {
    Throwable t = unwrap(failure);
    if (t instanceof AuthenticationRefused refused) {
      return refused.response();
    }
    if (t instanceof IdentityException e) {
      HttpResponse response = body(e.code(), e.getMessage());
      return e.code().httpStatus() == 401 ? authenticator.challenge(response, e) : response;
    }
    if (t instanceof TransportException e) {
      HttpResponse response = body(e.code(), e.getMessage());
      if (e.code() == TransportError.UNAUTHORIZED) {
        response = response.withHeader("www-authenticate", "Bearer error=\"invalid_token\"");
      }
      return response;
    }
    if (t instanceof AnpException e) {
      return body(e.code(), e.getMessage());
    }
    if (t instanceof TimeoutException) {
      return body(TransportError.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE: the handler did not answer in time");
    }
    if (t instanceof RejectedExecutionException) {
      return body(TransportError.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE: no worker available");
    }
    log.error("handler failed on {}", what, t);
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("status", 500);
    json.put("code", "INTERNAL_ERROR");
    json.put("error", "server_error");
    return HttpResponse.json(500, json);
  }

  /** The JSON error body of a coded error. */
  static HttpResponse body(ErrorCode code, String message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("status", code.httpStatus());
    json.put("code", code.name());
    json.put("error", code.wireName());
    json.put("error_description", message);
    return HttpResponse.json(code.httpStatus(), json);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
