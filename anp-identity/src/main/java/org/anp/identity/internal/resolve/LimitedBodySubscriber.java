package org.anp.identity.internal.resolve;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;

/**
 * Collects a response body of at most {@code maxBytes}, cancelling the stream as soon as the limit
 * is passed (or at once when {@code Content-Length} already says it will be). Used by one response.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final int maxBytes;
  private final long declaredLength;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  LimitedBodySubscriber(int maxBytes, long declaredLength) {
    this.maxBytes = maxBytes;
    this.declaredLength = declaredLength;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declaredLength > maxBytes) {
      s.cancel();
      result.completeExceptionally(tooLarge("Content-Length " + declaredLength));
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + item.remaining() > maxBytes) {
        subscription.cancel();
        result.completeExceptionally(tooLarge("more than " + maxBytes + " bytes received"));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      buffer.write(chunk, 0, chunk.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  private IdentityException tooLarge(String what) {
    return new IdentityException(
        IdentityError.INPUT_TOO_LARGE, "body: " + what + ", the limit is " + maxBytes + " bytes");
  }
}
