package org.anp.transport.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.transport.TransportError;
import org.anp.transport.TransportException;

/**
 * Runs an operation on a store after NATS came back: waits until the connection is up again, and
 * tries again (with the attempt number, so an insert can use a fresh key) while the store answers
 * that NATS is unavailable. The first requests after a reconnection may fail so (decision 0082);
 * each try is bounded by the request timeout, and the whole wait by 60 s. Any other outcome is the
 * result.
 */
final class UntilAvailable {
  private static final long LIMIT_SECONDS = 60;

  private UntilAvailable() {}

  static <T> T run(ClusterConnection connection, IntFunction<T> attempt) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
    for (int n = 0; ; n++) {
      connection.connected().get(LIMIT_SECONDS, TimeUnit.SECONDS);
      try {
        return attempt.apply(n);
      } catch (IdentityException e) {
        if (e.code() != IdentityError.AUTH_NONCE_STORE_UNAVAILABLE || System.nanoTime() > deadline) {
          throw e;
        }
      } catch (TransportException e) {
        if (e.code() != TransportError.CLUSTER_UNAVAILABLE || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }
}
