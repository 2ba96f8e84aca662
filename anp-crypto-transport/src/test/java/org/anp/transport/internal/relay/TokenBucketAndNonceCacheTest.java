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

  @Test
  void nonceCacheRefusesReplaysAllOrNothing() {
    NonceCache cache = new NonceCache(10);
    Instant keep = T0.plusSeconds(600);
    assertThat(cache.recordAll(List.of("r\nn1", "r\nn2"), T0, keep)).isEqualTo(NonceCache.Result.RECORDED);
    assertThat(cache.recordAll(List.of("r\nn3", "r\nn1"), T0, keep)).isEqualTo(NonceCache.Result.REPLAYED);
    // n3 was not recorded by the refused call
    assertThat(cache.recordAll(List.of("r\nn3"), T0, keep)).isEqualTo(NonceCache.Result.RECORDED);
    assertThat(cache.recordAll(List.of("q\nn1"), T0, keep)).isEqualTo(NonceCache.Result.RECORDED);
    assertThat(cache.recordAll(List.of("r\nn4", "r\nn4"), T0, keep)).isEqualTo(NonceCache.Result.REPLAYED);
    // after the keep time a nonce is forgotten (the time window refuses it by then)
    assertThat(cache.recordAll(List.of("r\nn1"), keep, keep.plusSeconds(600))).isEqualTo(NonceCache.Result.RECORDED);
  }

  @Test
  void fullNonceCacheFailsClosedUntilEntriesExpire() {
    NonceCache cache = new NonceCache(2);
    Instant keep = T0.plusSeconds(10);
    assertThat(cache.recordAll(List.of("a", "b"), T0, keep)).isEqualTo(NonceCache.Result.RECORDED);
    assertThat(cache.recordAll(List.of("c"), T0, keep)).isEqualTo(NonceCache.Result.FULL);
    assertThat(cache.recordAll(List.of("c"), keep, keep.plusSeconds(10))).isEqualTo(NonceCache.Result.RECORDED);
  }
}
