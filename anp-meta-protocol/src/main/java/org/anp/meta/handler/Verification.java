package org.anp.meta.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.negotiator.TestCases;
import org.anp.meta.wire.Frame;
import org.anp.meta.wire.ProtocolType;

/**
 * One verification run of agreed test cases (spec/meta-protocol.md §8), sans-IO: the requester
 * sends {@link #requests()} as PT=11 frames, feeds each PT=11 answer to {@link #onResponse}, and
 * once {@link #complete()} reports {@link #failureDescription()} to its negotiation engine
 * ({@code testsPassed()} or {@code testsFailed(...)}). The provider answers PT=11 frames with
 * {@link #serve}. Verification traffic never reaches the application.
 *
 * <p>Answers are matched to cases in order (the E2E channel keeps order). A case fails if its
 * answer is not in the agreed response format or lacks a field of the case's expected response.
 * The requester's handler should be made with {@link ViolationSink#NONE}: failures here are
 * test results, reported once through {@code testsFailed}. Not thread-safe.
 */
public final class Verification {
  private final ProtocolHandler handler;
  private final TestCases cases;
  private final List<Integer> sent = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private List<Frame> requests;
  private int answered;

  private Verification(ProtocolHandler handler, TestCases cases) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.cases = Objects.requireNonNull(cases, "cases");
  }

  /** A run of {@code cases} through the requester's {@code handler}. */
  public static Verification of(ProtocolHandler handler, TestCases cases) {
    return new Verification(handler, cases);
  }

  /**
   * Provider: answers one PT=11 request with the handler, as a PT=11 frame.
   *
   * @throws MetaProtocolException as {@link ProtocolHandler#handleRequest}
   * @throws IllegalArgumentException if {@code request} is not a PT=11 frame
   */
  public static Frame serve(ProtocolHandler handler, Frame request) {
    requireVerification(request);
    return Frame.verification(handler.handleRequest(request.data()));
  }

  /**
   * The PT=11 frames to send, one per case in order; computed once. A case whose request the
   * handler refuses is recorded as failed and not sent.
   */
  public List<Frame> requests() {
    if (requests == null) {
      List<Frame> out = new ArrayList<>();
      for (int i = 0; i < cases.cases().size(); i++) {
        try {
          out.add(Frame.verification(handler.encodeRequest(cases.cases().get(i).request())));
          sent.add(i);
        } catch (MetaProtocolException e) {
          failures.add("test case " + (i + 1) + ": its request does not match the agreed format");
        }
      }
      requests = List.copyOf(out);
    }
    return requests;
  }

  /**
   * Takes the answer to the next unanswered case.
   *
   * @throws IllegalArgumentException if {@code response} is not a PT=11 frame
   * @throws IllegalStateException if every sent case is already answered
   */
  public void onResponse(Frame response) {
    requireVerification(response);
    requests();
    if (answered >= sent.size()) {
      throw new IllegalStateException("no test case is waiting for an answer");
    }
    int index = sent.get(answered++);
    TestCases.TestCase c = cases.cases().get(index);
    JsonNode answer;
    try {
      answer = handler.decodeResponse(response.data());
    } catch (MetaProtocolException e) {
      failures.add("test case " + (index + 1) + ": the response does not match the agreed format ("
          + e.getMessage() + ")");
      return;
    }
    c.expectedResponse().ifPresent(expected -> {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        String field = it.next().getKey();
        if (!answer.has(field)) {
          failures.add("test case " + (index + 1) + ": the response lacks the expected field `" + field + "`");
        }
      }
    });
  }

  /** Whether every sent case has its answer. */
  public boolean complete() {
    requests();
    return answered == sent.size();
  }

  /** The failures so far as a fix-error description, or empty if every case passed so far. */
  public Optional<String> failureDescription() {
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder("# Error Description\n");
    failures.forEach(f -> sb.append("- ").append(f).append('\n'));
    return Optional.of(sb.toString());
  }

  private static void requireVerification(Frame frame) {
    if (frame.type() != ProtocolType.VERIFICATION) {
      throw new IllegalArgumentException("not a verification (PT=11) frame: " + frame.type());
    }
  }
}
