package org.anp.transport.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketAndNonceCacheTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void bucketAllowsItsBurstThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(3, 2.0, T0);
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isTrue();
    assertThat(bucket.tryTake(T0)).isFalse();
    assertThat(bucket.tryTake(T0.plusMillis(499))).isFalse();
    assertThat(bucket.tryTake(T0.plusMillis(500))).isTrue();
    assertThat(bucket.tryTake(T0.plusMillis(500))).isFalse();
    // never more than the burst, however long the pause
    Instant later = T0.plusSeconds(3600);
    for (int i = 0; i < 3; i++) {
      assertThat(bucket.tryTake(later)).isTrue();
    }
    assertThat(bucket.tryTake(later)).isFalse();
    // a clock going backwards adds nothing
    assertThat(bucket.tryTake(T0)).isFalse();
  }

  private static NonceCache.Outcome record(NonceCache cache, List<String> keys, Instant now, Instant keep) {
    return record(cache, keys, "192.0.2.1", now, keep);
  }

  /** Records {@code "did\nnonce"} keys. */
  private static NonceCache.Outcome record(NonceCache cache, List<String> keys, String address, Instant now, Instant keep) {
    List<String> dids = keys.stream().map(k -> k.substring(0, k.indexOf('\n'))).toList();
    List<String> nonces = keys.stream().map(k -> k.substring(k.indexOf('\n') + 1)).toList();
    return cache.recordAll(dids, nonces, address, now, keep).outcome();
  }

  @Test
  void nonceCacheRefusesReplaysAllOrNothing() {
    NonceCache cache = new NonceCache(10, 10, 10);
    Instant keep = T0.plusSeconds(600);
    assertThat(record(cache, List.of("r\nn1", "r\nn2"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("r\nn3", "r\nn1"), T0, keep)).isEqualTo(NonceCache.Outcome.REPLAYED);
    // n3 was not recorded by the refused call
    assertThat(record(cache, List.of("r\nn3"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("q\nn1"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("r\nn4", "r\nn4"), T0, keep)).isEqualTo(NonceCache.Outcome.REPLAYED);
    // after the keep time a nonce is forgotten (the time window refuses it by then)
    assertThat(record(cache, List.of("r\nn1"), keep, keep.plusSeconds(600))).isEqualTo(NonceCache.Outcome.RECORDED);
  }

  @Test
  void fullNonceCacheRefusesTheHeaviestCallerUntilEntriesExpire() {
    NonceCache cache = new NonceCache(2, 10, 10);
    Instant keep = T0.plusSeconds(10);
    assertThat(record(cache, List.of("a\n1", "a\n2"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("a\n3"), T0, keep)).isEqualTo(NonceCache.Outcome.FULL);
    assertThat(record(cache, List.of("a\n3"), keep, keep.plusSeconds(10))).isEqualTo(NonceCache.Outcome.RECORDED);
  }

  @Test
  void fullNonceCacheBlocksTheHeaviestOtherDidAndServesTheNewcomer() {
    NonceCache cache = new NonceCache(3, 10, 10);
    Instant keep = T0.plusSeconds(10);
    assertThat(record(cache, List.of("a\n1", "a\n2", "a\n3"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("b\n1"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(cache.blockedCount()).isEqualTo(1);
    // a cannot replay a forgotten nonce: it is refused outright until they would have expired
    assertThat(record(cache, List.of("a\n1"), T0, keep)).isEqualTo(NonceCache.Outcome.BLOCKED);
    assertThat(record(cache, List.of("a\n9"), keep, keep.plusSeconds(10))).isEqualTo(NonceCache.Outcome.RECORDED);
  }

  @Test
  void quotasPerDidAndPerAddress() {
    NonceCache cache = new NonceCache(100, 2, 3);
    Instant keep = T0.plusSeconds(10);
    assertThat(record(cache, List.of("a\n1", "a\n2"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("a\n3"), T0, keep)).isEqualTo(NonceCache.Outcome.DID_QUOTA);
    assertThat(record(cache, List.of("b\n1"), T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
    assertThat(record(cache, List.of("c\n1"), T0, keep)).isEqualTo(NonceCache.Outcome.ADDRESS_QUOTA);
    assertThat(record(cache, List.of("c\n1"), "192.0.2.2", T0, keep)).isEqualTo(NonceCache.Outcome.RECORDED);
  }
}
