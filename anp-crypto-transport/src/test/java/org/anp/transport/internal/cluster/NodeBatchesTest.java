package org.anp.transport.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class NodeBatchesTest {
  /** A sender that keeps each request open until the test answers it. */
  private static final class Requests implements NodeBatches.Sender<String> {
    final List<String> nodes = Collections.synchronizedList(new ArrayList<>());
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<byte[]>> replies = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableFuture<byte[]> send(String node, List<String> batch, int bytes) {
      CompletableFuture<byte[]> reply = new CompletableFuture<>();
      nodes.add(node);
      batches.add(List.copyOf(batch));
      replies.add(reply);
      return reply;
    }
  }

  private final Requests requests = new Requests();
  private final NodeBatches<String> batches = new NodeBatches<>(requests, String::length);
  private final Map<String, Boolean> outcomes = new ConcurrentHashMap<>();

  private void submit(String node, String item) {
    batches.submit(node, item, taken -> assertThat(outcomes.put(item, taken)).as("one outcome for " + item).isNull());
  }

  @Test
  void aLoneItemLeavesAtOnceAndWhatArrivesMeanwhileGoesInTheNextRequest() {
    submit("n1", "a");
    submit("n1", "b");
    for (int i = 0; i < 5; i++) {
      submit("n1", "c" + i);
    }

    assertThat(requests.batches).containsExactly(List.of("a"), List.of("b"));
    requests.replies.get(0).complete(HandOverCodec.reply(new boolean[] {true}));

    assertThat(outcomes).containsEntry("a", true).hasSize(1);
    assertThat(requests.batches).hasSize(3);
    assertThat(requests.batches.get(2)).containsExactly("c0", "c1", "c2", "c3", "c4");
    assertThat(batches.pending()).isEqualTo(6);
  }

  @Test
  void eachItemHearsItsOwnAnswerAndAFailedOrMalformedReplyTakesNothing() {
    submit("n1", "a");
    submit("n1", "b");
    submit("n1", "c");
    submit("n1", "d");

    requests.replies.get(0).complete(HandOverCodec.reply(new boolean[] {false}));
    requests.replies.get(1).completeExceptionally(new RuntimeException("timed out"));
    requests.replies.get(2).complete(HandOverCodec.reply(new boolean[] {true, true, true}));

    assertThat(requests.batches).containsExactly(List.of("a"), List.of("b"), List.of("c", "d"));
    assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("a", false, "b", false, "c", false, "d", false));
    assertThat(batches.pending()).isZero();
  }

  @Test
  void nodesHaveTheirOwnQueuesAndABatchStopsAtItsByteBound() {
    String big = "x".repeat(NodeBatches.MAX_BYTES / 2 - 1); // with its digit, two fill a batch
    submit("n1", "a");
    submit("n1", "b");
    submit("n2", "z");
    submit("n1", big + "1");
    submit("n1", big + "2");
    submit("n1", big + "3");

    assertThat(requests.nodes).containsExactly("n1", "n1", "n2");
    requests.replies.get(0).complete(HandOverCodec.reply(new boolean[] {true}));

    assertThat(requests.batches.get(3)).hasSize(2);
    assertThat(requests.batches.get(3).get(1)).endsWith("2");
    assertThat(batches.pending()).isEqualTo(5);
  }

  @Test
  void aSenderThatThrowsDeclinesItsBatchAndTheQueueGoesOn() {
    NodeBatches<String> failing = new NodeBatches<>((node, batch, bytes) -> {
      throw new IllegalStateException("connection closed");
    }, String::length);
    List<Boolean> heard = Collections.synchronizedList(new ArrayList<>());

    failing.submit("n1", "a", heard::add);
    failing.submit("n1", "b", heard::add);

    assertThat(heard).containsExactly(false, false);
    assertThat(failing.pending()).isZero();
  }
}
