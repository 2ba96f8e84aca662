package org.anp.meta.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.anp.meta.negotiator.FixVerdict;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.Verdict;

/** A negotiator whose answers are given by the test; records what it was asked. */
public final class ScriptedNegotiator implements Negotiator {
  private final String draft;
  private final Function<Proposal, Verdict> evaluate;
  private Optional<String> testCases = Optional.empty();
  private Function<String, Verdict> testCaseVerdict = t -> Verdict.accept();
  private Function<String, FixVerdict> fixVerdict = d -> FixVerdict.deny("not ours");
  private final List<Proposal> seen = Collections.synchronizedList(new ArrayList<>());

  public ScriptedNegotiator(String draft, Function<Proposal, Verdict> evaluate) {
    this.draft = draft;
    this.evaluate = evaluate;
  }

  /** A negotiator that accepts whatever it is offered. */
  public static ScriptedNegotiator accepting(String draft) {
    return new ScriptedNegotiator(draft, p -> Verdict.accept());
  }

  public ScriptedNegotiator testCases(String cases, Function<String, Verdict> verdict) {
    this.testCases = Optional.of(cases);
    this.testCaseVerdict = verdict;
    return this;
  }

  public ScriptedNegotiator fixVerdict(Function<String, FixVerdict> verdict) {
    this.fixVerdict = verdict;
    return this;
  }

  public List<Proposal> seen() {
    return List.copyOf(seen);
  }

  @Override
  public String draft(String need) {
    return draft;
  }

  @Override
  public Verdict evaluate(Proposal proposal) {
    seen.add(proposal);
    return evaluate.apply(proposal);
  }

  @Override
  public Optional<String> draftTestCases(String protocol) {
    return testCases;
  }

  @Override
  public Verdict evaluateTestCases(String protocol, String cases) {
    return testCaseVerdict.apply(cases);
  }

  @Override
  public FixVerdict evaluateFix(String protocol, String errorDescription) {
    return fixVerdict.apply(errorDescription);
  }

  @Override
  public String answer(String question) {
    return "answer to: " + question;
  }
}
