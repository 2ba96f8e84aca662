package org.anp.meta.internal.llm;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * Collects a response body of at most {@code max} bytes; a larger body cancels the exchange and
 * fails with {@code MESSAGE_TOO_LARGE}. Driven by the HTTP client, one signal at a time.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final int max;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  CappedBodySubscriber(int max) {
    this.max = max;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if ((long) out.size() + b.remaining() > max) {
        subscription.cancel();
        result.completeExceptionally(new MetaProtocolException(
            MetaProtocolError.MESSAGE_TOO_LARGE, "chat completions: reply larger than " + max + " bytes"));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(out.toByteArray());
  }
}
