package org.anp.application.internal.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/**
 * A response body read into bytes without blocking a thread, up to a limit: past it the
 * response is cancelled and the body fails with {@code FETCH_FAILED}. Replaces an input stream
 * read on another thread, which cost a thread hand-off per call.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int maxBytes;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  private LimitedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** A body handler whose bodies hold at most {@code maxBytes} bytes. */
  static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
    return info -> new LimitedBody(maxBytes);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (bytes.size() + buffer.remaining() > maxBytes) {
        subscription.cancel();
        body.completeExceptionally(new ApplicationException(
            ApplicationError.FETCH_FAILED, "response: larger than " + maxBytes + " bytes"));
        return;
      }
      if (buffer.hasArray()) {
        bytes.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
      } else {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        bytes.writeBytes(copy);
      }
    }
  }

  @Override
  public void onError(Throwable failure) {
    body.completeExceptionally(failure);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }
}
