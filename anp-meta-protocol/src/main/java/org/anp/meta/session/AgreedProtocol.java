package org.anp.meta.session;

import java.util.Objects;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.ProtocolHandler;

/**
 * A protocol two agents speak, negotiated now or reused by its hash (spec/meta-protocol.md §4.3).
 * Immutable.
 *
 * @param peer the other agent
 * @param hash the protocol's hash, under which both sides store it
 * @param protocol the agreed text
 * @param handler the local handler of the protocol
 * @param reused whether it was taken from the store without negotiating
 * @param tests the verification run, when test cases were agreed and run by this side
 */
public record AgreedProtocol(
    Did peer,
    ProtocolHash hash,
    String protocol,
    ProtocolHandler handler,
    boolean reused,
    Optional<TestReport> tests) {

  public AgreedProtocol {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(tests, "tests");
  }

  /**
   * The outcome of one verification run (PT=11).
   *
   * @param cases how many agreed test cases there were
   * @param failures the failures, as the fix-error description sent to the peer; empty if all passed
   */
  public record TestReport(int cases, Optional<String> failures) {
    public TestReport {
      Objects.requireNonNull(failures, "failures");
    }

    /** Whether every case passed. */
    public boolean passed() {
      return failures.isEmpty();
    }
  }
}
